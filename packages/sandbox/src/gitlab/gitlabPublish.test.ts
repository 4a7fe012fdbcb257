import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGitlabAction } from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import { createGitlabService, type GitlabService } from './createGitlabService';
import { GITLAB_SANDBOX_TOKEN, gitlabPersonalToken } from './gitlabSeed';
import { sandboxGitlabIntegration } from './sandboxGitlabIntegration';

const run = promisify(execFile);

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: basket-api
spec:
  type: service
  owner: team-storefront
  lifecycle: experimental
`;

/** Git with no configuration of the machine's, so the test sees only what the stand-in does. */
const git = (args: string[], cwd?: string) =>
  run('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      HOME: tmpdir(),
    },
  });

const silentLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

// Each test runs real git (clone, commit, push over HTTP through git
// http-backend): a few processes each, which take longer than Jest's default
// 5 s on a loaded 2-core machine.
jest.setTimeout(60_000);

describe('GitLab stand-in with publish:gitlab, Git over HTTP and the URL reader', () => {
  let server: SandboxServer;
  let gitlab: GitlabService;
  let workspace: string;
  let host: string;

  const config = () =>
    new ConfigReader({
      integrations: { gitlab: [sandboxGitlabIntegration(server)] },
    });

  beforeEach(async () => {
    gitlab = createGitlabService();
    server = await createSandboxServer({ port: 0, httpServices: [gitlab] });
    host = new URL(server.url).host;
    workspace = await mkdtemp(join(tmpdir(), 'gitlab-publish-'));
    await writeFile(join(workspace, 'catalog-info.yaml'), CATALOG_INFO);
    await writeFile(join(workspace, 'README.md'), '# basket-api\n');
  });

  afterEach(async () => {
    await server.close();
    await gitlab.close();
    await rm(workspace, { recursive: true, force: true });
  });

  /** Ana's OAuth token, as the scaffolder gets it from the GitLab auth provider. */
  async function oauthToken(login: string): Promise<string> {
    const redirect = 'http://localhost:7007/api/auth/gitlab/handler/frame';
    const authorize = await fetch(
      `${server.url}/gitlab/oauth/authorize?${new URLSearchParams({
        client_id: 'backstage',
        redirect_uri: redirect,
        response_type: 'code',
        login,
      })}`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location')!).searchParams.get(
      'code',
    )!;
    const tokens = await fetch(`${server.url}/gitlab/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirect,
        client_id: 'backstage',
        client_secret: 'secret',
      }),
    }).then(r => r.json());
    return tokens.access_token;
  }

  async function publish(token: string) {
    const action = createPublishGitlabAction({
      integrations: ScmIntegrations.fromConfig(config()),
      config: config(),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace,
      input: {
        repoUrl: `${host}?owner=northwind%2Fstorefront&repo=basket-api`,
        defaultBranch: 'main',
        token,
        projectVariables: [
          {
            key: 'AWS_ROLE_ARN',
            value: 'arn:aws:iam::111111111111:role/ci',
            environment_scope: 'dev',
          },
        ],
      },
    });
    await action.handler(ctx as any);
    return ctx.output as jest.Mock;
  }

  it('publishes with the user token: project, push and variables are the user’s', async () => {
    const output = await publish(await oauthToken('ana.lima'));
    const outputs = Object.fromEntries(output.mock.calls);
    const remoteUrl = `${server.url}/gitlab/northwind/storefront/basket-api`;
    expect(outputs).toMatchObject({
      remoteUrl,
      repoContentsUrl: `${remoteUrl}/-/blob/main`,
      created: true,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });

    const events = await fetch(`${server.url}/gitlab/-/sandbox/events`).then(
      r => r.json(),
    );
    expect(events.map((e: any) => [e.action, e.actor, e.project])).toEqual([
      ['project.create', 'ana.lima', 'northwind/storefront/basket-api'],
      ['repository.push', 'ana.lima', 'northwind/storefront/basket-api'],
      ['variable.create', 'ana.lima', 'northwind/storefront/basket-api'],
    ]);
    expect(events[1].details).toEqual({ main: outputs.commitHash });

    // What was pushed is what the API serves.
    const api = `${server.url}/gitlab/api/v4/projects/${outputs.projectId}`;
    const auth = { headers: { 'PRIVATE-TOKEN': GITLAB_SANDBOX_TOKEN } };
    const project = await fetch(api, auth).then(r => r.json());
    expect(project).toMatchObject({
      default_branch: 'main',
      empty_repo: false,
    });
    const branch = await fetch(`${api}/repository/branches/main`, auth).then(
      r => r.json(),
    );
    expect(branch.commit.id).toBe(outputs.commitHash);
    const raw = await fetch(
      `${api}/repository/files/catalog-info.yaml/raw?ref=main`,
      auth,
    );
    expect(await raw.text()).toBe(CATALOG_INFO);
    const missing = await fetch(
      `${api}/repository/files/nope.yaml/raw?ref=main`,
      auth,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: '404 File Not Found' });
  });

  it('serves a pushed catalog-info.yaml to the GitLab URL reader, by file and as a tree', async () => {
    const output = await publish(gitlabPersonalToken('ana.lima'));
    const { remoteUrl } = Object.fromEntries(output.mock.calls);
    const reader = UrlReaders.default({
      config: config(),
      logger: silentLogger,
    });

    const url = `${remoteUrl}/-/blob/main/catalog-info.yaml`;
    const response = await reader.readUrl(url);
    expect((await response.buffer()).toString('utf8')).toBe(CATALOG_INFO);
    await expect(
      reader.readUrl(url, { etag: response.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
    await expect(
      reader.readUrl(`${remoteUrl}/-/blob/main/missing.yaml`),
    ).rejects.toMatchObject({ name: 'NotFoundError' });

    const tree = await reader.readTree(`${remoteUrl}/-/tree/main`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
    ]);
    expect(tree.etag).toMatch(/^[0-9a-f]{40}$/);
  });

  it('clones and pushes with git over HTTP as GitLab authorises them', async () => {
    await publish(gitlabPersonalToken('ana.lima'));
    const repo = (user: string, token: string) =>
      `${server.url.replace(
        'http://',
        `http://${user}:${token}@`,
      )}/gitlab/northwind/storefront/basket-api.git`;
    const clone = join(workspace, 'clone');
    await git([
      'clone',
      '--quiet',
      repo('oauth2', gitlabPersonalToken('lucas.moreau')),
      clone,
    ]);
    expect(await readFile(join(clone, 'catalog-info.yaml'), 'utf8')).toBe(
      CATALOG_INFO,
    );

    // Without credentials a private project asks for them; a bad token is refused.
    await expect(
      git([
        'ls-remote',
        `${server.url}/gitlab/northwind/storefront/basket-api.git`,
      ]),
    ).rejects.toThrow(/could not read Username|Authentication failed/);
    await expect(git(['ls-remote', repo('oauth2', 'wrong')])).rejects.toThrow(
      /Authentication failed/,
    );

    // Mei (Reporter) may clone but not push; Lucas (Developer) may push.
    await writeFile(join(clone, 'NOTES.md'), 'notes\n');
    await git(['add', 'NOTES.md'], clone);
    await git(
      ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'notes'],
      clone,
    );
    await expect(
      git(
        ['push', repo('oauth2', gitlabPersonalToken('mei.chen')), 'main'],
        clone,
      ),
    ).rejects.toThrow(/403/);
    await git(
      [
        'push',
        '--quiet',
        repo('oauth2', gitlabPersonalToken('lucas.moreau')),
        'main',
      ],
      clone,
    );
    const events = await fetch(`${server.url}/gitlab/-/sandbox/events`).then(
      r => r.json(),
    );
    expect(events.at(-1)).toMatchObject({
      action: 'repository.push',
      actor: 'lucas.moreau',
    });
    // Jonas is on another team: the private project does not exist for him.
    await expect(
      git(['ls-remote', repo('oauth2', gitlabPersonalToken('jonas.weber'))]),
    ).rejects.toThrow(/not found|404/);
  });
});
