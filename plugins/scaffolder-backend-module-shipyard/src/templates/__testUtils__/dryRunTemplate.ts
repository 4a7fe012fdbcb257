import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { sandboxPortalConfig } from 'sandbox';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import shipyardModule from '../../index';
import { templateDirectoryContents } from './templateDirectoryContents';
import { templateEntities } from './templateEntities';

/** The user the dry runs act as: a developer of the storefront team, as in the demo. */
export const DRY_RUN_USER = 'user:default/ana.lima';

/** The GitLab host of the development integration (the sandbox's stand-in). */
export const DRY_RUN_GITLAB_HOST = 'localhost:4566';

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

let backend: Promise<TestBackend> | undefined;

// One scaffolder per test file (Jest runs each file in its own module registry); the test
// utilities stop it after the file's tests.
function scaffolderBackend(): Promise<TestBackend> {
  backend ??= startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderGitlabModule,
      shipyardModule,
      mockServices.rootConfig.factory({
        data: {
          ...sandboxPortalConfig(),
          integrations: {
            gitlab: [
              {
                host: DRY_RUN_GITLAB_HOST,
                baseUrl: `http://${DRY_RUN_GITLAB_HOST}/gitlab`,
                apiBaseUrl: `http://${DRY_RUN_GITLAB_HOST}/gitlab/api/v4`,
                token: 'sandbox',
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'ana.lima', namespace: 'default' },
            spec: { memberOf: ['team-storefront'] },
          },
          ...templateEntities(),
        ],
      }),
    ],
  });
  return backend;
}

/** What the scaffolder answers to a dry run: its status and JSON body, untouched. */
export interface DryRunResponse {
  status: number;
  body: any;
}

/**
 * Submits `templates/<templateName>.yaml` with the given form values to the real scaffolder's
 * dry run (`POST /api/scaffolder/v2/dry-run`, as the template editor does), in a test backend
 * with Shipyard's actions and the demo's environments. Nothing is rejected here: the caller
 * sees what the scaffolder said, including its 400 for values the template's schema refuses.
 */
export async function dryRunTemplate(
  templateName: string,
  values: Record<string, unknown>,
  options: { secrets?: Record<string, string> } = {},
): Promise<DryRunResponse> {
  const { templateYaml, files } = await templateDirectoryContents(templateName);
  const { server } = await scaffolderBackend();
  const response = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header(DRY_RUN_USER))
    .send({
      template: parseYaml(templateYaml),
      values,
      secrets: options.secrets ?? { USER_OAUTH_TOKEN: 'dry-run-user-token' },
      directoryContents: files,
    });
  return { status: response.status, body: response.body };
}

/**
 * Creates a task from `template:default/<templateName>` as the Create page does
 * (`POST /api/scaffolder/v2/tasks`). Meant for values the template refuses: a task that is
 * accepted really runs, and its steps would call AWS and GitLab.
 */
export async function createTemplateTask(
  templateName: string,
  values: Record<string, unknown>,
): Promise<DryRunResponse> {
  const { server } = await scaffolderBackend();
  const response = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header(DRY_RUN_USER))
    .send({
      templateRef: `template:default/${templateName}`,
      values,
      secrets: { USER_OAUTH_TOKEN: 'user-token' },
    });
  return { status: response.status, body: response.body };
}
