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
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
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
          },
        }),
        catalogServiceMock.factory({ entities: [freightQuoteApi] }),
        kubernetesBackend,
        kubernetesModuleShipyard,
      ],
    });
  });

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

  it("returns an EKS component's Deployment from each cluster it runs in", async () => {
    const res = await request(backend.server)
      .post('/api/kubernetes/services/freight-quote-api')
      .set('Authorization', mockCredentials.user.header())
      .send({ entity: freightQuoteApi });
    expect(res.status).toBe(200);

    const deployments = res.body.items.map(
      (item: {
        cluster: { name: string };
        errors: unknown[];
        resources: { type: string; resources: any[] }[];
      }) => ({
        cluster: item.cluster.name,
        errors: item.errors,
        deployments: item.resources
          .filter(r => r.type === 'deployments')
          .flatMap(r => r.resources)
          .map(d => `${d.metadata.namespace}/${d.metadata.name}`),
      }),
    );
    expect(deployments).toEqual(
      ['dev-eks', 'staging-eks', 'prod-eks'].map(cluster => ({
        cluster,
        errors: [],
        deployments: ['team-freight/freight-quote-api'],
      })),
    );
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
