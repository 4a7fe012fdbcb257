/*
 * The action against the sandbox's GitLab stand-in, with the portal's
 * integration config as sandboxPortalConfig writes it and the seeded users'
 * personal tokens (`sandbox-<username>`) standing in for their OAuth tokens.
 */
import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Gitlab } from '@gitbeaker/rest';
import {
  createSandboxServer,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { createGitlabCiVariablesAction } from './createGitlabCiVariablesAction';

describe('shipyard:gitlab:ci-variables against the GitLab stand-in', () => {
  let server: SandboxServer;
  let action: ReturnType<typeof createGitlabCiVariablesAction>;
  let repoUrl: string;
  const project = 'northwind/storefront/returns-api';
  const gitlabAs = (token: string) =>
    new Gitlab({ host: `${server.url}/gitlab`, token });

  beforeAll(async () => {
    server = await createSandboxServer({ port: 0 });
    const config = new ConfigReader(sandboxPortalConfig(server));
    action = createGitlabCiVariablesAction({
      integrations: ScmIntegrations.fromConfig(config),
    });
    repoUrl = `${
      new URL(server.url).host
    }?owner=northwind/storefront&repo=returns-api`;
    // What publish:gitlab does for Ana: she becomes the project's Maintainer.
    const ana = gitlabAs('sandbox-ana.lima');
    const group = await ana.Namespaces.show('northwind/storefront');
    await ana.Projects.create({ namespaceId: group.id, name: 'returns-api' });
  });

  afterAll(async () => {
    await server?.close();
  });

  async function run(token: string, variables: object[]) {
    const ctx = createMockActionContext({
      input: { repoUrl, token, variables } as any,
    });
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  const scopedVariables = (region: string) => [
    {
      key: 'AWS_ROLE_ARN',
      value: 'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
      environmentScope: 'dev',
    },
    { key: 'AWS_REGION', value: region, environmentScope: 'dev' },
    {
      key: 'AWS_ROLE_ARN',
      value: 'arn:aws:iam::222222222222:role/shipyard-gitlab-deploy',
      environmentScope: 'prod',
      protected: true,
      masked: true,
    },
  ];

  it("creates the project's variables per environment scope as the user, then updates them", async () => {
    expect(await run('sandbox-ana.lima', scopedVariables('eu-west-1'))).toEqual(
      {
        created: [
          { key: 'AWS_ROLE_ARN', environmentScope: 'dev' },
          { key: 'AWS_REGION', environmentScope: 'dev' },
          { key: 'AWS_ROLE_ARN', environmentScope: 'prod' },
        ],
        updated: [],
      },
    );
    expect(
      await run('sandbox-ana.lima', scopedVariables('eu-central-1')),
    ).toEqual({
      created: [],
      updated: [
        { key: 'AWS_ROLE_ARN', environmentScope: 'dev' },
        { key: 'AWS_REGION', environmentScope: 'dev' },
        { key: 'AWS_ROLE_ARN', environmentScope: 'prod' },
      ],
    });

    const stored = await gitlabAs('sandbox').ProjectVariables.all(project);
    expect(
      stored
        .map(v => ({
          key: v.key,
          value: v.value,
          environment_scope: v.environment_scope,
          protected: v.protected,
          masked: v.masked,
        }))
        .sort((a, b) =>
          `${a.key}/${a.environment_scope}`.localeCompare(
            `${b.key}/${b.environment_scope}`,
          ),
        ),
    ).toEqual([
      {
        key: 'AWS_REGION',
        value: 'eu-central-1',
        environment_scope: 'dev',
        protected: false,
        masked: false,
      },
      {
        key: 'AWS_ROLE_ARN',
        value: 'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
        environment_scope: 'dev',
        protected: false,
        masked: false,
      },
      {
        key: 'AWS_ROLE_ARN',
        value: 'arn:aws:iam::222222222222:role/shipyard-gitlab-deploy',
        environment_scope: 'prod',
        protected: true,
        masked: true,
      },
    ]);
  });

  it("cannot change another team's project: GitLab decides with the user's own token", async () => {
    const error = await run('sandbox-jonas.weber', [
      { key: 'AWS_REGION', value: 'us-east-1', environmentScope: 'dev' },
    ]).catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(
      /has no project northwind\/storefront\/returns-api that your account can see/,
    );
  });

  it('refuses a teammate who is only a Developer of the project, naming the role it takes', async () => {
    const error = await run('sandbox-lucas.moreau', [
      { key: 'AWS_REGION', value: 'us-east-1', environmentScope: 'dev' },
    ]).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Your GitLab account may not read the CI\/CD variables in northwind\/storefront\/returns-api: it needs the Maintainer role in the project/,
    );
  });

  it('refuses a token GitLab does not know', async () => {
    const error = await run('not-a-token', [
      { key: 'AWS_REGION', value: 'us-east-1' },
    ]).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(/rejected your token/);
  });
});
