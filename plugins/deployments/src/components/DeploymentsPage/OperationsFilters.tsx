import { humanizeRef } from '@internal/shipyard-react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';

/** The portfolio page's filters, as they appear in its URL and in the API's query. */
export interface OperationsFilterValues {
  environment?: string;
  type?: 'deployment' | 'rollback';
  owner?: string;
}

export interface OperationsFiltersProps {
  value: OperationsFilterValues;
  /** Environments and owning teams seen in the feed so far, to choose from. */
  environments: string[];
  owners: string[];
  onChange(value: OperationsFilterValues): void;
}

const ALL = '';

function ownerLabel(ref: string): string {
  return humanizeRef(ref, 'group');
}

/** Environment, type and owning team; an owner can also be typed as an entity ref. */
export function OperationsFilters(props: OperationsFiltersProps) {
  const { value, onChange } = props;
  const environments =
    value.environment && !props.environments.includes(value.environment)
      ? [...props.environments, value.environment]
      : props.environments;

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
      <TextField
        select
        size="small"
        label="Environment"
        value={value.environment ?? ALL}
        onChange={e =>
          onChange({ ...value, environment: e.target.value || undefined })
        }
        sx={{ minWidth: 160 }}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {environments.map(environment => (
          <MenuItem key={environment} value={environment}>
            {environment}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Type"
        value={value.type ?? ALL}
        onChange={e =>
          onChange({
            ...value,
            type: (e.target.value ||
              undefined) as OperationsFilterValues['type'],
          })
        }
        sx={{ minWidth: 160 }}
      >
        <MenuItem value={ALL}>All</MenuItem>
        <MenuItem value="deployment">Deployments</MenuItem>
        <MenuItem value="rollback">Rollbacks</MenuItem>
      </TextField>
      <Autocomplete
        freeSolo
        size="small"
        options={props.owners}
        getOptionLabel={ownerLabel}
        value={value.owner ?? null}
        onChange={(_, owner) =>
          onChange({ ...value, owner: owner?.trim() || undefined })
        }
        sx={{ minWidth: 260 }}
        renderInput={params => (
          <TextField
            {...params}
            label="Owner"
            placeholder="group:default/team-name"
          />
        )}
      />
    </Box>
  );
}
