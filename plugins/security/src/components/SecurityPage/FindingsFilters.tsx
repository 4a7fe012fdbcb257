import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { SeverityBand, severityBands } from '@internal/plugin-security-common';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { humanizeRef } from '@internal/shipyard-react';
import { bandColor, bandLabel } from '../../format/bands';
import { AGES, PLATFORM, SecurityView } from './findingsView';

export type FilterValues = Pick<
  SecurityView,
  'environment' | 'bands' | 'team' | 'service' | 'type' | 'age' | 'q'
>;

/** What the filters offer: from the overview, so that every choice has findings. */
export interface FilterChoices {
  environments: string[];
  teams: string[];
  /** Entity refs with their titles and owners. */
  services: { entityRef: string; title: string; owner?: string }[];
  types: string[];
  /** Whether platform findings are among those the caller may read. */
  platform: boolean;
}

const ALL = '';
// Typing is not a request per key: the list follows the box once typing pauses.
const SEARCH_DEBOUNCE_MS = 400;

const ageLabel = (days: number) =>
  days === 1 ? 'Last 24 hours' : `Last ${days} days`;

function withCurrent(options: string[], current?: string) {
  return current && !options.includes(current)
    ? [...options, current]
    : options;
}

function SearchBox(props: {
  value?: string;
  onChange(value: string | undefined): void;
}) {
  const [text, setText] = useState(props.value ?? '');
  // A view opened from another URL (back, a shared link) replaces the text.
  useEffect(() => setText(props.value ?? ''), [props.value]);
  useDebounce(
    () => {
      const next = text.trim() || undefined;
      if (next !== props.value) props.onChange(next);
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );
  return (
    <TextField
      size="small"
      label="Search"
      placeholder="Type, title, resource, service or id"
      value={text}
      onChange={e => setText(e.target.value)}
      inputProps={{ maxLength: 200 }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
      }}
      sx={{ minWidth: 240, flex: 1 }}
    />
  );
}

/**
 * The findings list's filters: environment, severity bands (several at
 * once), team, service (or platform), type, age and a search.
 */
export function FindingsFilters(props: {
  value: FilterValues;
  choices: FilterChoices;
  onChange(value: Partial<FilterValues>): void;
}) {
  const { value, choices, onChange } = props;
  const services = choices.services.filter(
    s => !value.team || s.owner === value.team,
  );
  const titles = new Map(services.map(s => [s.entityRef, s.title]));
  const serviceOptions = withCurrent(
    [
      ...(choices.platform ? [PLATFORM] : []),
      ...services.map(s => s.entityRef),
    ],
    value.service,
  );
  const serviceLabel = (ref: string) =>
    ref === PLATFORM
      ? 'Platform (no service)'
      : titles.get(ref) ?? humanizeRef(ref, 'component');

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        <TextField
          select
          size="small"
          label="Environment"
          value={value.environment ?? ALL}
          onChange={e => onChange({ environment: e.target.value || undefined })}
          sx={{ minWidth: 150 }}
        >
          <MenuItem value={ALL}>All</MenuItem>
          {withCurrent(choices.environments, value.environment).map(env => (
            <MenuItem key={env} value={env}>
              {env}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup
          size="small"
          aria-label="Severity"
          value={value.bands}
          onChange={(_, bands: SeverityBand[]) =>
            onChange({ bands: severityBands.filter(b => bands.includes(b)) })
          }
        >
          {severityBands.map(band => (
            <ToggleButton
              key={band}
              value={band}
              sx={{
                textTransform: 'none',
                px: 1.5,
                '&.Mui-selected': {
                  boxShadow: `inset 0 -3px 0 ${bandColor[band].fill}`,
                },
              }}
            >
              <Box
                component="span"
                aria-hidden
                sx={{
                  width: 10,
                  height: 10,
                  borderRadius: '50%',
                  backgroundColor: bandColor[band].fill,
                  mr: 0.75,
                }}
              />
              {bandLabel[band]}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <TextField
          select
          size="small"
          label="Last seen"
          value={value.age ?? ALL}
          onChange={e => onChange({ age: Number(e.target.value) || undefined })}
          sx={{ minWidth: 150 }}
        >
          <MenuItem value={ALL}>Any time</MenuItem>
          {AGES.map(days => (
            <MenuItem key={days} value={days}>
              {ageLabel(days)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        <Autocomplete
          size="small"
          options={withCurrent(choices.teams, value.team)}
          getOptionLabel={ref => humanizeRef(ref, 'group')}
          value={value.team ?? null}
          onChange={(_, team) => onChange({ team: team ?? undefined })}
          sx={{ minWidth: 180 }}
          renderInput={params => <TextField {...params} label="Team" />}
        />
        <Autocomplete
          size="small"
          options={serviceOptions}
          getOptionLabel={serviceLabel}
          value={value.service ?? null}
          onChange={(_, service) => onChange({ service: service ?? undefined })}
          sx={{ minWidth: 220 }}
          renderInput={params => <TextField {...params} label="Service" />}
        />
        <Autocomplete
          size="small"
          freeSolo
          options={withCurrent(choices.types, value.type)}
          value={value.type ?? null}
          onChange={(_, type) => onChange({ type: type || undefined })}
          sx={{ minWidth: 260 }}
          renderInput={params => (
            <TextField
              {...params}
              label="Type"
              placeholder="e.g. Runtime:Container/ReverseShell"
            />
          )}
        />
        <SearchBox value={value.q} onChange={q => onChange({ q })} />
      </Box>
    </Box>
  );
}
