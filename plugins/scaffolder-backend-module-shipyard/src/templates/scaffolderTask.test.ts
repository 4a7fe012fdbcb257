import {
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import {
  createSandboxServer,
  GITLAB_SANDBOX_TOKEN,
  gitlabPersonalToken,
  sandboxGitlabIntegration,
  sandboxPortalConfig,
  type SandboxServer,
} from 'sandbox';
import request from 'supertest';
import shipyardModule from '../index';
import { exampleFormValues } from './__testUtils__/exampleFormValues';
import { templateEntities } from './__testUtils__/templateEntities';

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

const USER = 'user:default/ana.lima';

/**
 * Each template run as the Create page runs it (`POST /v2/tasks`, every step for real) against a
 * sandbox: its AWS (the ECR repository) and its GitLab stand-in (the project, its CI/CD
 * variables), as ana.lima with her own GitLab token. The catalog is a stand-in too, which
 * records the location the last step registers.
 */
describe.each(['ecs-service', 'eks-service'] as const)(
  'a %s task against the sandbox',
  templateName => {
    const name = templateName === 'ecs-service' ? 'basket-api' : 'stock-api';
    const project = `northwind/storefront/${name}`;
    let server: SandboxServer;
    let backend: TestBackend;
    const registered: string[] = [];
    let task: { status: string; error?: string };

    beforeAll(async () => {
      server = await createSandboxServer({ port: 0 });
      const catalog = catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'ana.lima', namespace: 'default' },
            spec: { memberOf: ['team-storefront'] },
          },
          ...templateEntities(),
        ],
      });
      // The in-memory catalog registers nothing; what matters here is what was asked.
      catalog.addLocation = async location => {
        if (!location.dryRun) {
          registered.push(location.target);
        }
        return {
          location: {
            id: String(registered.length),
            type: location.type ?? 'url',
            target: location.target,
            entityRef: `location:default/generated-${registered.length}`,
          },
          entities: [],
        };
      };
      const features: BackendFeature[] = [
        scaffolderPlugin,
        scaffolderGitlabModule,
        shipyardModule,
        mockServices.rootConfig.factory({ data: sandboxPortalConfig(server) }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
      ];
      backend = await startTestBackend({ features });

      const { host } = sandboxGitlabIntegration(server);
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(USER))
        .send({
          templateRef: `template:default/${templateName}`,
          values: {
            ...exampleFormValues(templateName),
            name,
            repoUrl: `${host}?owner=northwind%2Fstorefront&repo=${name}`,
          },
          secrets: { USER_OAUTH_TOKEN: gitlabPersonalToken('ana.lima') },
        });
      if (created.status !== 201) {
        throw new Error(
          `POST /v2/tasks answered ${created.status}: ${JSON.stringify(
            created.body,
          )}`,
        );
      }
      task = await waitForTask(backend, created.body.id);
    }, 120_000);

    afterAll(async () => {
      await backend?.stop();
      await server?.close();
    });

    const gitlab = async (path: string) => {
      const response = await fetch(`${server.url}/gitlab/api/v4${path}`, {
        headers: { 'PRIVATE-TOKEN': GITLAB_SANDBOX_TOKEN },
      });
      expect(response.status).toBe(200);
      return response.json();
    };

    it('completes, and registers the project it published', () => {
      expect(task).toEqual({ status: 'completed' });
      expect(registered).toEqual([
        `${server.url}/gitlab/${project}/-/blob/main/catalog-info.yaml`,
      ]);
    });

    // Protected variables reach only pipelines of protected branches: the default branch, which
    // GitLab protects when it creates a project (the stand-in does not model that), so the
    // skeletons' READMEs ask to keep it so.
    it('protects the role and region of every environment beyond dev', async () => {
      const variables: Array<{
        key: string;
        environment_scope: string;
        protected: boolean;
      }> = await gitlab(
        `/projects/${encodeURIComponent(project)}/variables?per_page=100`,
      );
      const protection = Object.fromEntries(
        variables.map(v => [`${v.key} (${v.environment_scope})`, v.protected]),
      );
      expect(protection).toEqual({
        'AWS_ROLE_ARN (dev)': false,
        'AWS_REGION (dev)': false,
        'AWS_ROLE_ARN (staging)': true,
        'AWS_REGION (staging)': true,
        'AWS_ROLE_ARN (prod)': true,
        'AWS_REGION (prod)': true,
      });
    });

    it('pushes the shared pipeline stages beside the runtime deploy script', async () => {
      const tree: Array<{ path: string }> = await gitlab(
        `/projects/${encodeURIComponent(
          project,
        )}/repository/tree?path=ci&per_page=100`,
      );
      const runtime = templateName === 'ecs-service' ? 'ecs' : 'eks';
      expect(tree.map(entry => entry.path)).toEqual(
        expect.arrayContaining([
          'ci/assume-role.sh',
          'ci/common.gitlab-ci.yml',
          `ci/deploy-${runtime}.sh`,
        ]),
      );
    });
  },
);

/** Polls the task until it ends; answers its status, and the failed step's error if any. */
async function waitForTask(
  backend: TestBackend,
  taskId: string,
): Promise<{ status: string; error?: string }> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { body } = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', mockCredentials.user.header(USER));
    if (['completed', 'failed', 'cancelled'].includes(body.status)) {
      if (body.status === 'completed') {
        return { status: body.status };
      }
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', mockCredentials.user.header(USER));
      const errors = (events.body as Array<{ body: any }>)
        .filter(e => e.body?.error || e.body?.status === 'failed')
        .map(e => e.body.error?.message ?? e.body.message);
      return { status: body.status, error: errors.join('; ') };
    }
    if (Date.now() > deadline) {
      return { status: `${body.status} after 90 s` };
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
