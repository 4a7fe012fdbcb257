import path from 'node:path';
import fs from 'node:fs';
/*
 * The refresh permission through the real plumbing: the permission backend
 * with Shipyard's policy, and the real catalog, which applies the policy's
 * if-owner condition to the entity. Only AWS (the locator) and the people
 * (user info) are stand-ins.
 */
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import { LocatedResources } from '@internal/plugin-aws-common';
import {
  mapAwsError,
  mapKubernetesError,
  ResourceLocator,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import shipyardPolicy from '@internal/plugin-permission-backend-module-shipyard-policy';
import { sandboxPortalConfig } from 'sandbox';
import { Request, Response } from 'express';
import request from 'supertest';
import awsPlugin from '../index';

jest.setTimeout(60_000);

// The demo catalog's components as the embedded default loads them: ECS ones such as
// catalog-api, EKS ones such as freight-quote-api.
const catalogFile = fs.readFileSync(
  path.resolve(__dirname, '../../../../catalog/components.yaml'),
  'utf8',
);

// What sign-in would resolve the demo personas to.
const ownershipRefs: Record<string, string[]> = {
  'user:default/ana.lima': [
    'user:default/ana.lima',
    'group:default/team-storefront',
  ],
  'user:default/sam.okafor': [
    'user:default/sam.okafor',
    'group:default/platform-sre',
  ],
  'user:default/mei.chen': [
    'user:default/mei.chen',
    'group:default/engineering-managers',
  ],
};

type RecordedAuditEvent = {
  eventId: string;
  meta?: JsonObject;
  status: 'succeeded' | 'failed';
  error?: Error;
};

// mockServices.httpAuth turns a plugin's on-behalf-of token back into a plain
// user, dropping the actor. The permission backend refuses resource
// permissions without a resourceRef (the catalog's conditional read) from a
// plain user, so the actor is put back, as the real httpAuth keeps it.
function httpAuthKeepingOnBehalfOfActor(pluginId: string): HttpAuthService {
  const httpAuth = mockServices.httpAuth({ pluginId });
  return {
    async credentials(
      req: Request,
      options?: Parameters<HttpAuthService['credentials']>[1],
    ) {
      const credentials: BackstageCredentials = await httpAuth.credentials(
        req,
        options,
      );
      if (
        !req.headers.authorization?.startsWith('Bearer mock-service-token:')
      ) {
        return credentials;
      }
      const principal = credentials.principal as { userEntityRef?: string };
      if (principal.userEntityRef) {
        return mockCredentials.user(principal.userEntityRef, {
          actor: { subject: 'plugin' },
        });
      }
      return credentials;
    },
    issueUserCookie: (res: Response, options?: object) =>
      httpAuth.issueUserCookie(res, options),
  } as HttpAuthService;
}

function located(componentTagValue: string): LocatedResources {
  return {
    environment: 'prod',
    componentTagValue,
    ecsServices: [
      {
        arn: `arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/${componentTagValue}`,
        cluster: 'prod-apps',
        name: componentTagValue,
        accountId: '222222222222',
        region: 'eu-west-1',
      },
    ],
    eksWorkloads: [],
    targetGroups: [],
    alarms: [],
  };
}

describe('AuthorizedComponentResourcesModel', () => {
  const directory = createMockDirectory({
    content: { 'catalog-info.yaml': catalogFile },
  });
  const locator: jest.Mocked<ResourceLocator> = {
    locate: jest.fn(),
    locateMany: jest.fn(),
  };
  const auditEvents: RecordedAuditEvent[] = [];
  const auditor: AuditorService = {
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const record =
        (status: RecordedAuditEvent['status']) =>
        async (params?: { meta?: JsonObject; error?: Error }) => {
          auditEvents.push({
            eventId: options.eventId,
            meta: { ...options.meta, ...params?.meta },
            status,
            error: params?.error,
          });
        };
      return { success: record('succeeded'), fail: record('failed') };
    },
  };
  let backend: TestBackend;
  const scheduler = mockServices.scheduler();

  beforeAll(async () => {
    const portalConfig = sandboxPortalConfig();
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            ...portalConfig,
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: [
                {
                  type: 'file',
                  target: directory.resolve('catalog-info.yaml'),
                },
              ],
            },
          },
        }),
        createServiceFactory({
          service: coreServices.httpAuth,
          deps: { plugin: coreServices.pluginMetadata },
          factory: ({ plugin }) =>
            httpAuthKeepingOnBehalfOfActor(plugin.getId()),
        }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials) {
              const { userEntityRef } =
                credentials.principal as BackstageUserPrincipal;
              return {
                userEntityRef,
                ownershipEntityRefs: ownershipRefs[userEntityRef] ?? [
                  userEntityRef,
                ],
              };
            },
          }),
        }),
        createServiceFactory({
          service: coreServices.auditor,
          deps: {},
          factory: () => auditor,
        }),
        createServiceFactory({
          service: resourceLocatorServiceRef,
          deps: {},
          factory: () => locator,
        }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        permissionBackend,
        shipyardPolicy,
        catalogBackend,
        awsPlugin,
      ],
    });

    // The catalog ingests the file in the background.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(backend.server)
        .get(
          '/api/catalog/entities/by-name/component/default/freight-quote-api',
        )
        .set('Authorization', mockCredentials.user.header());
      if (res.status === 200 && res.body.relations?.length) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `The catalog did not ingest the test components: ${
            res.status
          } ${JSON.stringify(res.body)}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(() => {
    locator.locate.mockReset();
    locator.locate.mockImplementation(async ({ componentTagValue }) =>
      located(componentTagValue),
    );
    auditEvents.length = 0;
  });

  const refresh = (component: string, user: string) =>
    request(backend.server)
      .post(
        `/api/aws/components/default/component/${component}/resources/refresh?environment=prod`,
      )
      .set('Authorization', mockCredentials.user.header(user));

  const refreshEvents = () =>
    auditEvents.filter(e => e.eventId === 'component-resources-refresh');

  it('registers the permission with the permission system', async () => {
    const res = await request(backend.server)
      .get('/api/aws/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.permissions).toContainEqual({
      type: 'resource',
      name: 'aws.component.resources.refresh',
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
  });

  it('lets an SRE refresh any component, and audits the stored outcome', async () => {
    const res = await refresh('freight-quote-api', 'user:default/sam.okafor');
    expect(res.status).toBe(200);
    expect(locator.locate).toHaveBeenCalledTimes(1);

    const stored = await request(backend.server)
      .get(
        '/api/aws/components/default/component/freight-quote-api/resources?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(stored.body.items[0].collectedAt).toBe(
      res.body.items[0].collectedAt,
    );

    expect(refreshEvents()).toEqual([
      {
        eventId: 'component-resources-refresh',
        status: 'succeeded',
        meta: {
          entityRef: 'component:default/freight-quote-api',
          environment: 'prod',
          collectedAt: res.body.items[0].collectedAt,
          componentTagValue: 'freight-quote-api',
          ecsServices: 1,
          eksWorkloads: 0,
          targetGroups: 0,
          alarms: 0,
        },
        error: undefined,
      },
    ]);
  });

  it('refuses a manager with 403, without calling AWS, and audits the refusal', async () => {
    const res = await refresh('catalog-api', 'user:default/mei.chen');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.error.message).toContain('aws.component.resources.refresh');
    expect(locator.locate).not.toHaveBeenCalled();
    expect(refreshEvents()).toEqual([
      expect.objectContaining({
        status: 'failed',
        meta: {
          entityRef: 'component:default/catalog-api',
          environment: 'prod',
        },
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      }),
    ]);
  });

  it("lets a developer refresh their team's component", async () => {
    const res = await refresh('catalog-api', 'user:default/ana.lima');
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/catalog-api');
    expect(locator.locate).toHaveBeenCalledWith(
      expect.objectContaining({ componentTagValue: 'catalog-api' }),
    );
    expect(refreshEvents()).toEqual([
      expect.objectContaining({ status: 'succeeded' }),
    ]);
  });

  it("refuses a developer another team's component with 403", async () => {
    const res = await refresh('freight-quote-api', 'user:default/ana.lima');
    expect(res.status).toBe(403);
    expect(locator.locate).not.toHaveBeenCalled();
    expect(refreshEvents()).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
  });

  it('audits a refresh that AWS fails as failed', async () => {
    locator.locate.mockRejectedValue(new Error('boom'));
    const res = await refresh('catalog-api', 'user:default/sam.okafor');
    expect(res.status).toBe(500);
    expect(refreshEvents()).toEqual([
      expect.objectContaining({
        status: 'failed',
        error: expect.objectContaining({ message: 'boom' }),
      }),
    ]);
  });

  it('lets any signed-in user read the stored resources', async () => {
    const res = await request(backend.server)
      .get('/api/aws/components/default/component/catalog-api/resources')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/mei.chen'),
      );
    expect(res.status).toBe(200);
    expect(locator.locate).not.toHaveBeenCalled();
  });

  describe('aws.diagnostics.read through the policy', () => {
    // What AWS and an EKS API server say, as aws-node maps it: the assumed
    // role's ARN and the account in AWS's message, the cluster URL in the
    // network error's.
    const accessDenied = () =>
      mapAwsError(
        Object.assign(
          new Error(
            'User: arn:aws:sts::222222222222:assumed-role/shipyard-reader/portal is not authorized to perform: tag:GetResources',
          ),
          {
            name: 'AccessDeniedException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400, requestId: 'req-1' },
          },
        ),
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          service: 'ResourceGroupsTaggingAPI',
          operation: 'GetResources',
        },
      );
    const unreachableCluster = () =>
      mapKubernetesError(
        new TypeError(
          'fetch failed: connect ECONNREFUSED https://0123ABCD.gr7.eu-west-1.eks.amazonaws.com',
        ),
        {
          environment: 'prod',
          cluster: 'prod-eks',
          accountId: '222222222222',
          region: 'eu-west-1',
          authProvider: 'aws',
          operation: 'listDeploymentsForAllNamespaces',
          permission: 'list deployments.apps in all namespaces',
        },
      );
    const INTERNALS = /arn:aws|222222222222|https?:\/\/|eks\.amazonaws/;

    it.each([
      ['access denied', accessDenied, 403, 'NotAllowedError'],
      [
        'an unreachable cluster',
        unreachableCluster,
        503,
        'ServiceUnavailableError',
      ],
    ])(
      "keeps %s's cause out of a developer's error body and shows it to an SRE",
      async (_, failure, status, name) => {
        locator.locate.mockRejectedValue(failure());
        const developer = await refresh('catalog-api', 'user:default/ana.lima');
        expect(developer.status).toBe(status);
        expect(developer.body.error.name).toBe(name);
        expect(JSON.stringify(developer.body)).not.toMatch(INTERNALS);
        expect(developer.body.error.message).toMatch(
          /AWS or Kubernetes.*reference [0-9a-f-]{36}/,
        );
        // Throttled or unreachable: still told when to come back.
        expect(Number(developer.headers['retry-after']) > 0).toBe(
          status === 503,
        );

        const sre = await refresh('catalog-api', 'user:default/sam.okafor');
        expect(sre.status).toBe(status);
        expect(sre.body.error.name).toBe(name);
        expect(JSON.stringify(sre.body)).toMatch(INTERNALS);
        expect(sre.body.error.message).toContain('222222222222');
      },
    );

    it("keeps a failed run's cause, accounts and environments out of a developer's /status", async () => {
      locator.locateMany.mockRejectedValue(accessDenied());
      await scheduler.triggerTask('resource-inventory');
      const status = (user: string) =>
        request(backend.server)
          .get('/api/aws/status')
          .set('Authorization', mockCredentials.user.header(user));

      const developer = await status('user:default/ana.lima');
      expect(developer.status).toBe(200);
      const [run] = developer.body.collectors[0].runs;
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/failed.*server log/);
      expect(developer.body.environments).toBeUndefined();
      expect(JSON.stringify(developer.body)).not.toMatch(INTERNALS);

      const sre = await status('user:default/sam.okafor');
      expect(sre.status).toBe(200);
      expect(sre.body.collectors[0].runs[0].error).toContain(
        'arn:aws:sts::222222222222:assumed-role/shipyard-reader',
      );
      expect(
        sre.body.environments.map((e: { name: string }) => e.name),
      ).toEqual(['dev', 'staging', 'prod']);
    });
  });
});
