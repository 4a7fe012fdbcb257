import { SloState, Tier } from '@internal/plugin-availability-common';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { humanizeRef } from '@internal/shipyard-react';
import { SLO_STATES, sloStateLabel } from '../../format/sloStates';
import { GroupBy, PortfolioView } from './portfolioFilters';

type FilterValues = Pick<
  PortfolioView,
  'environment' | 'tier' | 'team' | 'state' | 'groupBy'
>;

export interface PortfolioFiltersProps {
  value: FilterValues;
  /** The environments and owning teams in the portfolio, to choose from. */
  environments: string[];
  teams: string[];
  onChange(value: FilterValues): void;
}

const ALL = '';
const TIERS: Tier[] = ['prod', 'staging', 'dev'];

function teamLabel(ref: string): string {
  return humanizeRef(ref, 'group');
}

/** Environment, tier, team and state filters, and how rows are grouped. */
export function PortfolioFilters(props: PortfolioFiltersProps) {
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
        sx={{ minWidth: 150 }}
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
        label="Tier"
        value={value.tier ?? ALL}
        onChange={e =>
          onChange({
            ...value,
            tier: (e.target.value || undefined) as Tier | undefined,
          })
        }
        sx={{ minWidth: 120 }}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {TIERS.map(tier => (
          <MenuItem key={tier} value={tier}>
            {tier}
          </MenuItem>
        ))}
      </TextField>
      <Autocomplete
        size="small"
        options={props.teams}
        getOptionLabel={teamLabel}
        value={value.team ?? null}
        onChange={(_, team) => onChange({ ...value, team: team ?? undefined })}
        sx={{ minWidth: 220 }}
        renderInput={params => <TextField {...params} label="Team" />}
      />
      <TextField
        select
        size="small"
        label="State"
        value={value.state ?? ALL}
        onChange={e =>
          onChange({
            ...value,
            state: (e.target.value || undefined) as SloState | undefined,
          })
        }
        sx={{ minWidth: 150 }}
      >
        <MenuItem value={ALL}>All</MenuItem>
        {SLO_STATES.map(state => (
          <MenuItem key={state} value={state}>
            {sloStateLabel[state]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Group by"
        value={value.groupBy ?? ALL}
        onChange={e =>
          onChange({
            ...value,
            groupBy: (e.target.value || undefined) as GroupBy | undefined,
          })
        }
        sx={{ minWidth: 150 }}
      >
        <MenuItem value={ALL}>Nothing</MenuItem>
        <MenuItem value="system">System</MenuItem>
        <MenuItem value="team">Team</MenuItem>
      </TextField>
    </Box>
  );
}
