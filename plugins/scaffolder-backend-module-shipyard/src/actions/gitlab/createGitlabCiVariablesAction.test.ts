/*
 * The action with the real @gitbeaker/rest client against a small local
 * HTTP server that answers GitLab's project variable API: for what the
 * sandbox's GitLab stand-in does not produce (GitLab refusing a value,
 * throttling, failing, being unreachable) and to see that a dry run or
 * invalid input sends no request at all. The working paths and GitLab's
 * permission answers are tested against the stand-in
 * (createGitlabCiVariablesAction.sandbox.test.ts).
 */
import { ConfigReader } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createGitlabCiVariablesAction } from './createGitlabCiVariablesAction';

interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}

type Variable = { key: string; value: string; environment_scope: string };

/** Answers GitLab's variable API for one project; `failures` answer first. */
async function startFakeGitlab() {
  const requests: RecordedRequest[] = [];
  const variables: Variable[] = [];
  const failures: Array<{ status: number; body: object }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', chunk => {
      raw += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url!, 'http://localhost');
      const body = raw ? JSON.parse(raw) : {};
      requests.push({
        method: req.method!,
        path: decodeURIComponent(url.pathname),
        authorization: req.headers.authorization,
        body,
      });
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const failure = failures.shift();
      if (failure) {
        reply(failure.status, failure.body);
        return;
      }
      const base =
        '/gitlab/api/v4/projects/northwind%2Fstorefront%2Freturns-api/variables';
      if (url.pathname === base && req.method === 'GET') {
        reply(200, variables);
      } else if (url.pathname === base && req.method === 'POST') {
        const variable = {
          key: body.key,
          value: body.value,
          environment_scope: body.environment_scope ?? '*',
        };
        variables.push(variable);
        reply(201, variable);
      } else {
        reply(404, { message: '404 Project Not Found' });
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/gitlab`,
    requests,
    variables,
    failures,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('shipyard:gitlab:ci-variables', () => {
  let gitlab: Awaited<ReturnType<typeof startFakeGitlab>>;
  let action: ReturnType<typeof createGitlabCiVariablesAction>;

  beforeEach(async () => {
    gitlab = await startFakeGitlab();
    action = createGitlabCiVariablesAction({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            gitlab: [
              {
                host: gitlab.host,
                baseUrl: gitlab.baseUrl,
                apiBaseUrl: `${gitlab.baseUrl}/api/v4`,
                token: 'portal-token',
              },
            ],
            // Another kind of SCM: its host is known, but not as a GitLab.
            github: [{ host: 'github.com' }],
          },
        }),
      ),
    });
  });

  afterEach(async () => {
    await gitlab.close();
  });

  const input = () => ({
    repoUrl: `${gitlab.host}?owner=northwind/storefront&repo=returns-api`,
    token: 'user-token',
    variables: [
      {
        key: 'AWS_ROLE_ARN',
        value: 'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
        environmentScope: 'dev',
      },
      { key: 'AWS_REGION', value: 'eu-west-1', environmentScope: 'dev' },
      {
        key: 'AWS_ROLE_ARN',
        value: 'arn:aws:iam::222222222222:role/shipyard-gitlab-deploy',
        environmentScope: 'prod',
        protected: true,
        masked: true,
      },
    ],
  });

  async function run(actionInput: Record<string, unknown>, isDryRun = false) {
    const ctx = {
      ...createMockActionContext({ input: actionInput as any }),
      isDryRun,
    };
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('makes no GitLab call in a dry run, after checking the input', async () => {
    expect(await run(input(), true)).toEqual({});
    expect(gitlab.requests).toEqual([]);
    await expect(
      run({ ...input(), variables: [{ key: 'AWS REGION', value: '' }] }, true),
    ).rejects.toThrow(InputError);
  });

  it("refuses to run without the user's token, even though the integration has one", async () => {
    const error = await run({ ...input(), token: '' }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^shipyard:gitlab:ci-variables needs the signed-in user's GitLab token, and acts with nothing else: pass token: \$\{\{ secrets.USER_OAUTH_TOKEN \}\}/,
    );
    await expect(run({ ...input(), token: undefined })).rejects.toThrow(
      InputError,
    );
    expect(gitlab.requests).toEqual([]);
  });

  it('names every invalid variable and what to change', async () => {
    const error = await run({
      ...input(),
      variables: [
        { key: 'AWS-REGION', value: 'eu-west-1' },
        { key: 'EMPTY', value: '' },
        { key: 'SECRET', value: 'short', masked: true },
        { key: 'AWS_REGION', value: 'eu-west-1', environmentScope: 'dev' },
        { key: 'AWS_REGION', value: 'eu-west-2', environmentScope: 'dev' },
        'AWS_REGION=eu-west-1',
      ],
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Cannot set the GitLab CI/CD variables:\n' +
        '  - variables[0].key "AWS-REGION" may only contain letters, digits and "_" (at most 255), e.g. AWS_ROLE_ARN\n' +
        '  - EMPTY: value must be a non-empty string\n' +
        '  - SECRET: GitLab masks only values of at least 8 characters made of letters, digits and _:@-+.~=/ (no spaces or line breaks); set masked: false or change the value\n' +
        '  - AWS_REGION is listed twice for environment scope dev\n' +
        '  - variables[5] must be an object with a key and a value',
    );
    await expect(run({ ...input(), variables: [] })).rejects.toThrow(
      'Cannot set the GitLab CI/CD variables: variables must list at least one { key, value } to set',
    );
    expect(gitlab.requests).toEqual([]);
  });

  it('refuses a repoUrl without a GitLab integration or without the project', async () => {
    await expect(
      run({ ...input(), repoUrl: 'gitlab.example.com?owner=a&repo=b' }),
    ).rejects.toThrow(
      'No matching integration configuration for host gitlab.example.com',
    );
    await expect(
      run({ ...input(), repoUrl: 'github.com?owner=a&repo=b' }),
    ).rejects.toThrow(
      `repoUrl host github.com is not a GitLab host of this portal; use one of ${gitlab.host}`,
    );
    await expect(
      run({ ...input(), repoUrl: `${gitlab.host}?repo=returns-api` }),
    ).rejects.toThrow('missing owner');
    await expect(
      run({
        ...input(),
        repoUrl: `${gitlab.host}?project=42&repo=returns-api`,
      }),
    ).rejects.toThrow(
      `must name the group and the project: ${gitlab.host}?owner=<group path>&repo=<project>`,
    );
    await expect(run({ ...input(), repoUrl: undefined })).rejects.toThrow(
      'repoUrl is required, in the RepoUrlPicker format',
    );
    expect(gitlab.requests).toEqual([]);
  });

  it('says when GitLab fails on its side', async () => {
    gitlab.failures.push({
      status: 503,
      body: { message: 'Service Unavailable' },
    });
    const error = await run(input()).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^GitLab at http:\/\/127\.0\.0\.1:\d+\/gitlab failed with HTTP 503 while trying to read the CI\/CD variables in northwind\/storefront\/returns-api; try again later/,
    );
  });

  it('names the variable GitLab refused', async () => {
    gitlab.failures.push(
      { status: 200, body: [] },
      { status: 400, body: { message: { value: ['is invalid'] } } },
    );
    const error = await run(input()).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `GitLab at ${gitlab.baseUrl} refused to create the CI/CD variable AWS_ROLE_ARN (dev) in northwind/storefront/returns-api (HTTP 400); caused by GitbeakerRequestError: {"value":["is invalid"]}`,
    );
  });

  it('waits out a short throttling, as GitLab asks', async () => {
    gitlab.failures.push({ status: 429, body: { message: 'Retry later' } });
    const output = await run(input());
    expect(output.created).toHaveLength(3);
    expect(gitlab.requests.filter(r => r.method === 'GET')).toHaveLength(2);
  });

  it('says when GitLab cannot be reached', async () => {
    await gitlab.close();
    const error = await run(input()).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^Could not reach GitLab at http:\/\/127\.0\.0\.1:\d+\/gitlab \(ECONNREFUSED\) to read the CI\/CD variables/,
    );
  });
});
