import { Gitlab } from '@gitbeaker/rest';
import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import { createGitlabService, type GitlabService } from './createGitlabService';
import { GITLAB_SANDBOX_TOKEN, gitlabPersonalToken } from './gitlabSeed';

/**
 * The status and `message` of GitLab's answer, as gitbeaker's error carries them (it keeps the
 * body's `message`, serialised when it is an object).
 */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeDefined();
  const description: string = error.cause?.description;
  return {
    status: error.cause?.response?.status,
    body: {
      message: description.startsWith('{')
        ? JSON.parse(description)
        : description,
    },
  };
}

describe('GitLab stand-in API', () => {
  let server: SandboxServer;
  let gitlab: GitlabService;
  const as = (token: string) =>
    new Gitlab({ host: `${server.url}/gitlab`, token });
  const bot = () => as(GITLAB_SANDBOX_TOKEN);
  const user = (username: string) => as(gitlabPersonalToken(username));

  beforeEach(async () => {
    gitlab = createGitlabService();
    server = await createSandboxServer({ port: 0, httpServices: [gitlab] });
  });

  afterEach(async () => {
    await server.close();
    await gitlab.close();
  });

  it('serves the seeded groups, users and the current user', async () => {
    const ns = await user('ana.lima').Namespaces.show('northwind/storefront');
    expect(ns).toMatchObject({
      kind: 'group',
      full_path: 'northwind/storefront',
    });
    const groups = await bot().Groups.all();
    expect(groups.map(g => g.full_path).sort()).toEqual([
      'northwind',
      'northwind/freight',
      'northwind/payments',
      'northwind/platform',
      'northwind/storefront',
    ]);
    expect(await user('mei.chen').Users.showCurrentUser()).toMatchObject({
      username: 'mei.chen',
    });
    expect(await bot().Users.showCurrentUser()).toMatchObject({
      username: 'shipyard-bot',
      is_admin: true,
    });
    const [found] = await bot().Users.all({ username: 'jonas.weber' });
    expect(found).toMatchObject({
      username: 'jonas.weber',
      name: 'Jonas Weber',
    });
  });

  it('creates a project as its creator, finds it by path and id, and lists it in its group', async () => {
    const ns = await user('ana.lima').Namespaces.show('northwind/storefront');
    const created = await user('ana.lima').Projects.create({
      namespaceId: ns.id,
      name: 'basket-api',
      path: 'basket-api',
      visibility: 'private',
    });
    const ana = await user('ana.lima').Users.showCurrentUser();
    expect(created).toMatchObject({
      path_with_namespace: 'northwind/storefront/basket-api',
      http_url_to_repo: `${server.url}/gitlab/northwind/storefront/basket-api.git`,
      web_url: `${server.url}/gitlab/northwind/storefront/basket-api`,
      creator_id: ana.id,
      visibility: 'private',
      empty_repo: true,
    });
    expect(
      await bot().Projects.show('northwind/storefront/basket-api'),
    ).toMatchObject({
      id: created.id,
    });
    const listed = await user('ana.lima').Groups.allProjects(
      'northwind/storefront',
      {
        search: 'basket',
      },
    );
    expect(listed.map(p => p.path)).toEqual(['basket-api']);
    // Private: another team's developer cannot see it at all.
    expect(
      await refusal(user('jonas.weber').Projects.show(created.id)),
    ).toEqual({
      status: 404,
      body: { message: '404 Project Not Found' },
    });
    const events = await fetch(`${server.url}/gitlab/-/sandbox/events`).then(
      r => r.json(),
    );
    expect(events).toEqual([
      expect.objectContaining({
        action: 'project.create',
        actor: 'ana.lima',
        project: 'northwind/storefront/basket-api',
      }),
    ]);
  });

  it('refuses a bad token, a Reporter creating a project, and a taken path as GitLab does', async () => {
    expect(await refusal(as('not-a-token').Users.showCurrentUser())).toEqual({
      status: 401,
      body: { message: '401 Unauthorized' },
    });
    const anonymous = await fetch(`${server.url}/gitlab/api/v4/user`);
    expect(anonymous.status).toBe(401);
    const ns = await bot().Namespaces.show('northwind/storefront');
    // GitLab answers a namespace the caller may not create in with a validation error.
    expect(
      await refusal(
        user('mei.chen').Projects.create({ namespaceId: ns.id, path: 'x' }),
      ),
    ).toEqual({
      status: 400,
      body: { message: { namespace: ['is not valid'] } },
    });
    expect(
      await refusal(
        user('jonas.weber').Projects.create({ namespaceId: ns.id, path: 'x' }),
      ),
    ).toEqual({
      status: 400,
      body: { message: { namespace: ['is not valid'] } },
    });
    await user('ana.lima').Projects.create({ namespaceId: ns.id, path: 'x' });
    expect(
      await refusal(
        user('lucas.moreau').Projects.create({ namespaceId: ns.id, path: 'x' }),
      ),
    ).toEqual({
      status: 400,
      body: {
        message: {
          name: ['has already been taken'],
          path: ['has already been taken'],
        },
      },
    });
    expect(await refusal(bot().Projects.show('northwind/nope'))).toEqual({
      status: 404,
      body: { message: '404 Project Not Found' },
    });
    expect(await refusal(bot().Namespaces.show('nowhere'))).toEqual({
      status: 404,
      body: { message: '404 Namespace Not Found' },
    });
  });

  it('keeps CI/CD variables per key and environment scope, for Maintainers only', async () => {
    const ns = await bot().Namespaces.show('northwind/storefront');
    const project = await user('ana.lima').Projects.create({
      namespaceId: ns.id,
      path: 'orders',
    });
    await user('ana.lima').ProjectVariables.create(
      project.id,
      'AWS_ROLE',
      'arn:dev',
      {
        environmentScope: 'dev',
      },
    );
    await user('ana.lima').ProjectVariables.create(
      project.id,
      'AWS_ROLE',
      'arn:prod',
      {
        environmentScope: 'prod',
        protected: true,
      },
    );
    expect(
      await refusal(
        user('ana.lima').ProjectVariables.create(
          project.id,
          'AWS_ROLE',
          'again',
          {
            environmentScope: 'prod',
          },
        ),
      ),
    ).toEqual({
      status: 400,
      body: { message: { key: ['(AWS_ROLE) has already been taken'] } },
    });
    // Lucas is a Developer of the team's group, not a Maintainer of Ana's project.
    expect(
      await refusal(
        user('lucas.moreau').ProjectVariables.create(project.id, 'K', 'v'),
      ),
    ).toEqual({ status: 403, body: { message: '403 Forbidden' } });
    expect(
      await refusal(user('lucas.moreau').ProjectVariables.all(project.id)),
    ).toEqual({
      status: 403,
      body: { message: '403 Forbidden' },
    });
    // SREs maintain every team's projects through the root group.
    await user('sam.okafor').ProjectVariables.edit(
      project.id,
      'AWS_ROLE',
      'arn:prod2',
      {
        filter: { environment_scope: 'prod' },
      },
    );
    const variables = await bot().ProjectVariables.all(project.id);
    expect(
      variables
        .map(v => [v.key, v.environment_scope, v.value, v.protected])
        .sort(),
    ).toEqual([
      ['AWS_ROLE', 'dev', 'arn:dev', false],
      ['AWS_ROLE', 'prod', 'arn:prod2', true],
    ]);
    expect(
      await refusal(
        user('ana.lima').ProjectVariables.show(project.id, 'AWS_ROLE'),
      ),
    ).toMatchObject({ status: 409 });
    expect(
      await refusal(
        user('ana.lima').ProjectVariables.create(
          project.id,
          'SECRET',
          'short',
          { masked: true },
        ),
      ),
    ).toEqual({ status: 400, body: { message: { value: ['is invalid'] } } });
    const events = await fetch(`${server.url}/gitlab/-/sandbox/events`).then(
      r => r.json(),
    );
    expect(
      events
        .filter((e: any) => e.action.startsWith('variable.'))
        .map((e: any) => [e.action, e.actor, e.details.environmentScope]),
    ).toEqual([
      ['variable.create', 'ana.lima', 'dev'],
      ['variable.create', 'ana.lima', 'prod'],
      ['variable.update', 'sam.okafor', 'prod'],
    ]);
  });

  it('pages lists with GitLab headers that gitbeaker follows', async () => {
    const ns = await bot().Namespaces.show('northwind/platform');
    for (let i = 0; i < 25; i++) {
      await bot().Projects.create({ namespaceId: ns.id, path: `p${i}` });
    }
    const first = await fetch(
      `${server.url}/gitlab/api/v4/groups/northwind%2Fplatform/projects?per_page=10`,
      { headers: { 'PRIVATE-TOKEN': GITLAB_SANDBOX_TOKEN } },
    );
    expect(first.headers.get('x-total')).toBe('25');
    expect(first.headers.get('x-total-pages')).toBe('3');
    expect(first.headers.get('x-next-page')).toBe('2');
    expect((await first.json()).length).toBe(10);
    const all = await bot().Groups.allProjects('northwind/platform', {
      perPage: 10,
    });
    expect(all).toHaveLength(25);
  }, 30_000);
});
