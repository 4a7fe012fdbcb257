import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { humanizeRef } from '@internal/shipyard-react';
import { GROUP_BYS, groupByLabel } from '../../portfolio/groupCosts';
import { CostsView } from './costsView';

type FilterValues = Pick<CostsView, 'environment' | 'team' | 'groupBy'>;

const ALL = '';

/** How the breakdown groups, and which environment and team it, the movers and the anomalies cover. */
export function CostsFilters(props: {
  value: FilterValues;
  environments: string[];
  teams: string[];
  onChange(value: FilterValues): void;
}) {
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
        label="Group by"
        value={value.groupBy}
        onChange={e =>
          onChange({
            ...value,
            groupBy: e.target.value as CostsView['groupBy'],
          })
        }
        sx={{ minWidth: 150 }}
      >
        {GROUP_BYS.map(by => (
          <MenuItem key={by} value={by}>
            {groupByLabel[by]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Environment"
        value={value.environment ?? ALL}
        onChange={e =>
          onChange({ ...value, environment: e.target.value || undefined })
        }
        sx={{ minWidth: 150 }}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {environments.map(environment => (
          <MenuItem key={environment} value={environment}>
            {environment}
          </MenuItem>
        ))}
      </TextField>
      <Autocomplete
        size="small"
        options={props.teams}
        getOptionLabel={ref => humanizeRef(ref, 'group')}
        value={value.team ?? null}
        onChange={(_, team) => onChange({ ...value, team: team ?? undefined })}
        sx={{ minWidth: 220 }}
        renderInput={params => <TextField {...params} label="Team" />}
      />
    </Box>
  );
}
