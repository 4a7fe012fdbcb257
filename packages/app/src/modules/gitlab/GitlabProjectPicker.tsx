import { useEffect } from 'react';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@mui/material/Button';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { scmAuthApiRef } from '@backstage/integration-react';
import {
  FieldExtensionComponentProps,
  scaffolderApiRef,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { gitlabHosts } from './gitlabHosts';
import { parseProjectUrl, projectUrl } from './projectUrl';

/** `ui:options`: where the user's GitLab token goes among the task's secrets. */
export interface GitlabProjectPickerUiOptions {
  secretsKey?: string;
}

/**
 * The scaffolder field `ShipyardGitlabProject`: the GitLab group a new service's project is
 * created in. The host is the configured GitLab (`integrations.gitlab`: the sandbox's stand-in in
 * development, the company's GitLab in production), so templates name neither; the project is
 * the service's name from the form's `name` field, as the templates use it for the ECR
 * repository and every link tag. It asks for the user's own GitLab token (kept among the task's
 * secrets), with which the template creates the project, and offers the groups that token sees.
 * Its value is the scaffolder's repository URL form, `host?owner=<group>&repo=<name>`.
 */
export function GitlabProjectPicker(
  props: FieldExtensionComponentProps<string, GitlabProjectPickerUiOptions>,
) {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const secretsKey = uiSchema?.['ui:options']?.secretsKey ?? 'USER_OAUTH_TOKEN';
  const config = useApi(configApiRef);
  const scmAuth = useApi(scmAuthApiRef);
  const scaffolder = useApi(scaffolderApiRef);
  const { secrets, setSecrets } = useTemplateSecrets();
  const [host] = gitlabHosts(config);
  const stepsData = (props.formContext?.formData ?? {}) as Record<
    string,
    unknown
  >;
  const name = typeof stepsData.name === 'string' ? stepsData.name : '';
  const group = parseProjectUrl(formData)?.owner ?? '';
  const token = secrets[secretsKey];

  // The user's own token, with write access: GitLab decides what they may create.
  const credentials = useAsyncRetry(async () => {
    if (token) return;
    const result = await scmAuth.getCredentials({
      url: `https://${host}`,
      additionalScope: { repoWrite: true, customScopes: { gitlab: ['api'] } },
    });
    setSecrets({ [secretsKey]: result.token });
  }, [host, token]);

  const groups = useAsync(async () => {
    if (!token || !scaffolder.autocomplete) return [];
    const { results } = await scaffolder.autocomplete({
      token,
      provider: 'gitlab',
      resource: 'groups',
      context: { host },
    });
    return results.map(r => r.title ?? r.id).sort();
  }, [token, host]);

  // The project follows the service's name, also when the name changes on an earlier step.
  useEffect(() => {
    if (group && name) onChange(projectUrl({ host, owner: group, repo: name }));
  }, [group, name, host, onChange]);

  const setGroup = (owner: string) =>
    onChange(owner ? projectUrl({ host, owner, repo: name }) : undefined);

  return (
    <Box sx={{ my: 2 }}>
      {credentials.error && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" size="small" onClick={credentials.retry}>
              Sign in again
            </Button>
          }
        >
          Shipyard creates the project with your own GitLab account, and could
          not get your GitLab token: {credentials.error.message}. Sign in to
          GitLab when asked, then try again.
        </Alert>
      )}
      <Autocomplete
        freeSolo
        options={groups.value ?? []}
        loading={groups.loading}
        value={group}
        onInputChange={(_, value) => setGroup(value.trim())}
        renderInput={params => (
          <TextField
            {...params}
            label={schema.title ?? 'GitLab group'}
            required={required}
            error={!!rawErrors?.length}
            helperText={schema.description}
          />
        )}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        Project:{' '}
        <strong>
          {host}/{group || '<group>'}/{name || '<name>'}
        </strong>
      </Typography>
    </Box>
  );
}
