/*
 * The real Kubernetes backend with this module and aws-node's real
 * environments service, against the Kubernetes API an in-process sandbox
 * serves for each EKS cluster: no kubernetes.clusterLocatorMethods clusters.
 *
 * The Kubernetes backend loads the ESM-only @kubernetes/client-node with a
 * dynamic import(), which Jest's VM refuses without --experimental-vm-modules
 * (and that flag breaks other CommonJS dependencies). So this package's
 * `jest.transform` (package.json) is Backstage's SWC transform without
 * `ignoreDynamic`: import() becomes require(), and Jest transpiles the ESM
 * package like any other dependency.
 *
 * Permissions are the real permission backend with Shipyard's policy; users
 * are the demo organisation's, their groups as sign-in puts them in the token.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import {
  createSandboxServer,
  SandboxServer,
  sandboxPortalConfig,
} from 'sandbox';
import request from 'supertest';
import kubernetesModuleShipyard from './index';

jest.setTimeout(60_000);

// As catalog/components.yaml declares it.
const freightQuoteApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'freight-quote-api',
    namespace: 'default',
    annotations: {
      'shipyard.io/runtime': 'eks',
      'backstage.io/kubernetes-id': 'freight-quote-api',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-freight',
    system: 'freight-marketplace',
  },
};

// The demo organisation's personas (catalog/org.yaml) and their groups.
const GROUPS: Record<string, string[]> = {
  'user:default/jonas.weber': ['group:default/team-freight'], // owns freight-quote-api
  'user:default/ana.lima': ['group:default/team-storefront'],
  'user:default/sam.okafor': ['group:default/platform-sre'],
  'user:default/mei.chen': ['group:default/engineering-managers'],
};
const OWNER = mockCredentials.user.header('user:default/jonas.weber');
const OTHER_DEVELOPER = mockCredentials.user.header('user:default/ana.lima');
const SRE = mockCredentials.user.header('user:default/sam.okafor');
const MANAGER = mockCredentials.user.header('user:default/mei.chen');

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
      };
    },
  }),
});

const FREIGHT_QUOTE_API = 'component:default/freight-quote-api';

describe('kubernetes-backend-module-shipyard', () => {
  let sandbox: SandboxServer;
  let backend: TestBackend;

  beforeAll(async () => {
    sandbox = await createSandboxServer({ port: 0 });
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            ...sandboxPortalConfig(sandbox),
            // What app-config.yaml keeps: the clusters come from the module.
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [],
            },
            permission: { enabled: true },
          },
        }),
        catalogServiceMock.factory({ entities: [freightQuoteApi] }),
        userInfoFactory,
        permissionBackend,
        shipyardPolicyModule,
        kubernetesBackend,
        kubernetesModuleShipyard,
      ],
    });
  });

  /** The clusters each answer came from, with their errors and Deployments. */
  const deploymentsIn = (body: {
    items: {
      cluster: { name: string };
      errors: unknown[];
      resources: { type: string; resources: any[] }[];
    }[];
  }) =>
    body.items.map(item => ({
      cluster: item.cluster.name,
      errors: item.errors,
      deployments: item.resources
        .filter(r => r.type === 'deployments')
        .flatMap(r => r.resources)
        .map(d => `${d.metadata.namespace}/${d.metadata.name}`),
    }));

  const inEveryCluster = ['dev-eks', 'staging-eks', 'prod-eks'].map(
    cluster => ({
      cluster,
      errors: [],
      deployments: ['team-freight/freight-quote-api'],
    }),
  );

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
  });

  it("lists every environment's EKS cluster", async () => {
    const res = await request(backend.server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((c: { name: string; title?: string }) => ({
        name: c.name,
        title: c.title,
      })),
    ).toEqual([
      { name: 'dev-eks', title: 'dev-eks (Development)' },
      { name: 'staging-eks', title: 'staging-eks (Staging)' },
      { name: 'prod-eks', title: 'prod-eks (Production)' },
    ]);
  });

  it("returns an EKS component's Deployment from each cluster it runs in to its owning team and to SREs", async () => {
    for (const user of [OWNER, SRE]) {
      const res = await request(backend.server)
        .post('/api/kubernetes/services/freight-quote-api')
        .set('Authorization', user)
        .send({ entity: freightQuoteApi });
      expect(res.status).toBe(200);
      expect(deploymentsIn(res.body)).toEqual(inEveryCluster);

      const workloads = await request(backend.server)
        .post('/api/kubernetes/resources/workloads/query')
        .set('Authorization', user)
        .send({ entityRef: FREIGHT_QUOTE_API });
      expect(workloads.status).toBe(200);
      expect(deploymentsIn(workloads.body)).toEqual(inEveryCluster);
    }
  });

  it("refuses another team's developer, a manager and a service every read of a component's resources", async () => {
    const reads: Record<string, (user: string) => request.Test> = {
      services: user =>
        request(backend.server)
          .post('/api/kubernetes/services/freight-quote-api')
          .set('Authorization', user)
          .send({ entity: freightQuoteApi }),
      workloads: user =>
        request(backend.server)
          .post('/api/kubernetes/resources/workloads/query')
          .set('Authorization', user)
          .send({ entityRef: FREIGHT_QUOTE_API }),
      custom: user =>
        request(backend.server)
          .post('/api/kubernetes/resources/custom/query')
          .set('Authorization', user)
          .send({
            entityRef: FREIGHT_QUOTE_API,
            customResources: [
              { group: 'apps', apiVersion: 'v1', plural: 'deployments' },
            ],
          }),
    };
    for (const user of [
      OTHER_DEVELOPER,
      MANAGER,
      mockCredentials.service.header(),
    ]) {
      for (const [route, read] of Object.entries(reads)) {
        const res = await read(user);
        expect({ user, route, status: res.status }).toEqual({
          user,
          route,
          status: 403,
        });
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(res.body.items).toBeUndefined();
      }
    }
  });

  it("judges ownership by the catalog's entity, not one the request describes", async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/services/freight-quote-api')
      .set('Authorization', OTHER_DEVELOPER)
      .send({
        entity: {
          ...freightQuoteApi,
          spec: {
            ...freightQuoteApi.spec,
            owner: 'group:default/team-storefront',
          },
        },
      });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('reads custom resources for the owner, and never ConfigMaps or Secrets, not even for SREs', async () => {
    const custom = (user: string, customResources: object[]) =>
      request(backend.server)
        .post('/api/kubernetes/resources/custom/query')
        .set('Authorization', user)
        .send({ entityRef: FREIGHT_QUOTE_API, customResources });

    const allowed = await custom(OWNER, [
      { group: 'apps', apiVersion: 'v1', plural: 'deployments' },
    ]);
    expect(allowed.status).toBe(200);

    for (const user of [OWNER, SRE]) {
      for (const resource of [
        { group: '', apiVersion: 'v1', plural: 'configmaps' },
        { group: '', apiVersion: 'v1', plural: 'secrets' },
        { group: 'example.com', apiVersion: 'v1', plural: 'Secrets ' },
      ]) {
        const res = await custom(user, [
          { group: 'apps', apiVersion: 'v1', plural: 'deployments' },
          resource,
        ]);
        expect({ resource, status: res.status }).toEqual({
          resource,
          status: 403,
        });
        expect(res.body.error.message).toContain(
          'ConfigMaps and Secrets are not readable through the portal',
        );
      }
    }

    const malformed = await custom(SRE, [{ group: '', plural: 'pods' }]);
    expect(malformed.status).toBe(400);
  });

  it('answers 401 without credentials', async () => {
    const res = await request(backend.server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('kubernetes-backend-module-shipyard when NODE_ENV is production', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it("refuses to start with an environment's EKS cluster over http without TLS verification", async () => {
    // The embedded default's clusters (the sandbox's Kubernetes API, over http, unverified),
    // but without the AWS endpoint, so that only the clusters are at fault.
    const portal = sandboxPortalConfig({ url: 'http://localhost:4566' });
    process.env.NODE_ENV = 'production';
    await expect(
      startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: {
              aws: portal.aws,
              shipyard: {
                environments: portal.shipyard.environments.map(env => ({
                  ...env,
                  eksClusters: env.eksClusters.map(cluster => ({
                    ...cluster,
                    skipTLSVerify: true,
                  })),
                })),
              },
              kubernetes: {
                serviceLocatorMethod: { type: 'multiTenant' },
                clusterLocatorMethods: [],
              },
            },
          }),
          catalogServiceMock.factory({ entities: [] }),
          kubernetesBackend,
          kubernetesModuleShipyard,
        ],
      }),
    ).rejects.toThrow(
      /shipyard\.environments\[0\]\.eksClusters\[0\]\.skipTLSVerify is true, but NODE_ENV is production/,
    );
  });
});
