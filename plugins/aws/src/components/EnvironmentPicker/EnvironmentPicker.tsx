import { useEffect, useMemo, useRef } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  SHIPYARD_RUNTIMES,
  ShipyardEnvironment,
  ShipyardRuntime,
} from '@internal/plugin-aws-common';
import { awsApiRef } from '../../api/awsApiRef';
import { TierChip } from '../RunsInCard/TierChip';
import { eligibleEnvironments } from './eligibleEnvironments';

/** `ui:options` of the field: the runtime whose clusters an environment must have. */
export interface EnvironmentPickerUiOptions {
  runtime?: ShipyardRuntime;
}

function runtimeOption(value: unknown): ShipyardRuntime | undefined {
  return SHIPYARD_RUNTIMES.find(r => r === value);
}

/** Where the environment's clusters of the runtime are, e.g. "dev-apps · eu-west-1". */
function clustersOf(
  environment: ShipyardEnvironment,
  runtime: ShipyardRuntime | undefined,
): string {
  const clusters = [
    ...(runtime !== 'eks' ? environment.ecsClusters : []),
    ...(runtime !== 'ecs' ? environment.eksClusters : []),
  ];
  return clusters.map(c => `${c.name} · ${c.region}`).join(', ');
}

/**
 * The scaffolder field `ShipyardEnvironmentPicker`: the environments a new service's pipeline
 * deploys to, as configured under `shipyard.environments` (read from the aws backend, so the
 * list is never written into a template). Every eligible environment is chosen by default:
 * a service normally goes through all of them, prod last.
 */
export function EnvironmentPicker(
  props: FieldExtensionComponentProps<string[], EnvironmentPickerUiOptions>,
) {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const runtime = runtimeOption(uiSchema?.['ui:options']?.runtime);
  const awsApi = useApi(awsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => awsApi.getEnvironments(),
    [awsApi],
  );
  const environments = useMemo(
    () => (value ? eligibleEnvironments(value.items, runtime) : []),
    [value, runtime],
  );
  // The form may hold placeholders for array items (minItems); only names count.
  const chosen = (formData ?? []).filter(
    (name): name is string => typeof name === 'string',
  );

  const defaulted = useRef(false);
  useEffect(() => {
    if (defaulted.current || environments.length === 0) return;
    defaulted.current = true;
    if (chosen.length === 0) onChange(environments.map(e => e.name));
  }, [environments, chosen.length, onChange]);

  const toggle = (name: string, checked: boolean) => {
    const next = new Set(chosen);
    if (checked) next.add(name);
    else next.delete(name);
    // Keep the tier order, whatever order the boxes were ticked in.
    onChange(environments.map(e => e.name).filter(n => next.has(n)));
  };

  const title = schema.title ?? 'Environments';
  return (
    <FormControl
      component="fieldset"
      required={required}
      error={!!rawErrors?.length}
      margin="normal"
      fullWidth
    >
      <FormLabel component="legend">{title}</FormLabel>
      {loading && (
        <Box aria-label="Loading environments" role="progressbar">
          <Skeleton width="60%" height={36} />
          <Skeleton width="55%" height={36} />
        </Box>
      )}
      {error && (
        <Alert
          severity="error"
          sx={{ my: 1 }}
          action={
            <Button color="inherit" size="small" onClick={retry}>
              Retry
            </Button>
          }
        >
          Could not load the environments: {error.message}
        </Alert>
      )}
      {value && environments.length === 0 && (
        <Alert severity="warning" sx={{ my: 1 }}>
          No environment has {runtime ? `an ${runtime.toUpperCase()} ` : 'a '}
          cluster configured, so there is nowhere to deploy this service. Ask
          the platform team to add one under shipyard.environments.
        </Alert>
      )}
      <FormGroup>
        {environments.map(environment => (
          <FormControlLabel
            key={environment.name}
            control={
              <Checkbox
                checked={chosen.includes(environment.name)}
                onChange={e => toggle(environment.name, e.target.checked)}
                inputProps={{
                  'aria-label': environment.title ?? environment.name,
                }}
              />
            }
            label={
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                <Typography component="span">
                  {environment.title ?? environment.name}
                </Typography>
                <TierChip tier={environment.tier} />
                <Typography
                  component="span"
                  variant="body2"
                  color="text.secondary"
                >
                  {clustersOf(environment, runtime)}
                </Typography>
              </Box>
            }
          />
        ))}
      </FormGroup>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
    </FormControl>
  );
}
