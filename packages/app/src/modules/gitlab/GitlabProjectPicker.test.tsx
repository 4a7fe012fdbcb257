import { useState } from 'react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { scmAuthApiRef } from '@backstage/integration-react';
import {
  scaffolderApiRef,
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitlabProjectPicker } from './GitlabProjectPicker';

function apis(options: { failCredentials?: boolean } = {}) {
  const getCredentials = jest.fn(async () => {
    if (options.failCredentials) throw new Error('popup closed');
    return { token: 'user-token', headers: {} };
  });
  const autocomplete = jest.fn(async () => ({
    results: [
      { id: '2', title: 'northwind/storefront' },
      { id: '1', title: 'northwind' },
    ],
  }));
  return { getCredentials, autocomplete };
}

/** The field inside the scaffolder's secrets context, in a form that keeps its value. */
function renderPicker(api: ReturnType<typeof apis>) {
  const seen: { value?: string; secrets?: Record<string, string> } = {};
  function Secrets() {
    seen.secrets = useTemplateSecrets().secrets;
    return null;
  }
  function Form() {
    const [formData, setFormData] = useState<string | undefined>();
    seen.value = formData;
    const props = {
      formData,
      onChange: setFormData,
      schema: { title: 'GitLab group', description: 'Where the project goes.' },
      uiSchema: { 'ui:options': { secretsKey: 'USER_OAUTH_TOKEN' } },
      formContext: { formData: { name: 'basket-api' } },
      rawErrors: [],
      required: true,
    } as unknown as Parameters<typeof GitlabProjectPicker>[0];
    return <GitlabProjectPicker {...props} />;
  }
  renderInTestApp(
    <SecretsContextProvider>
      <Form />
      <Secrets />
    </SecretsContextProvider>,
    {
      config: {
        integrations: { gitlab: [{ host: 'gitlab.example.com' }] },
      },
      apis: [
        [scmAuthApiRef, { getCredentials: api.getCredentials } as never],
        [scaffolderApiRef, { autocomplete: api.autocomplete } as never],
      ],
    },
  );
  return seen;
}

describe('GitlabProjectPicker', () => {
  it("asks for the user's own token with write access, keeps it as the task's secret and offers the groups it sees", async () => {
    const api = apis();
    const seen = renderPicker(api);

    await waitFor(() =>
      expect(seen.secrets).toEqual({ USER_OAUTH_TOKEN: 'user-token' }),
    );
    expect(api.getCredentials).toHaveBeenCalledWith({
      url: 'https://gitlab.example.com',
      additionalScope: { repoWrite: true, customScopes: { gitlab: ['api'] } },
    });
    await waitFor(() =>
      expect(api.autocomplete).toHaveBeenCalledWith({
        token: 'user-token',
        provider: 'gitlab',
        resource: 'groups',
        context: { host: 'gitlab.example.com' },
      }),
    );

    await userEvent.click(screen.getByLabelText(/GitLab group/));
    await userEvent.click(
      await screen.findByRole('option', { name: 'northwind/storefront' }),
    );
    // The project is the service's name, on the configured host.
    expect(seen.value).toBe(
      'gitlab.example.com?owner=northwind%2Fstorefront&repo=basket-api',
    );
    expect(
      screen.getByText('gitlab.example.com/northwind/storefront/basket-api'),
    ).toBeInTheDocument();
  });

  it('says why it has no token and asks again on request', async () => {
    const api = apis({ failCredentials: true });
    renderPicker(api);
    expect(
      await screen.findByText(/could not get your GitLab token: popup closed/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in again' }),
    );
    await waitFor(() => expect(api.getCredentials).toHaveBeenCalledTimes(2));
  });
});
