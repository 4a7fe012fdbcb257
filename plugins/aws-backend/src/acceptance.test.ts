import path from 'node:path';
import fs from 'node:fs';
/*
 * The acceptance test of the AWS foundation: the real catalog backend, the
 * catalog module, this plugin and aws-node's real services, talking to an
 * in-process sandbox through the real AWS SDK.
 *
 * Each test sets up what it asserts on and starts with an empty cache, so
 * they pass in any order and alone (`-t`).
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleAws from '@internal/plugin-catalog-backend-module-aws';
import {
  SandboxServer,
  createSandboxServer,
  sandboxPortalConfig,
} from 'sandbox';
import request from 'supertest';
import {
  createResettableCache,
  eventually,
} from '@internal/backend-test-helpers';
import awsPlugin, { RESOURCE_INVENTORY_COLLECTOR_ID } from './index';

/** The demo environments and their sandbox credentials, as app-config.yaml has them. */
const demoEnvironmentsConfig = sandboxPortalConfig();

jest.setTimeout(120_000);

// The demo catalog's components as the embedded default loads them: ECS ones such as
// catalog-api, EKS ones such as freight-quote-api.
const catalogFile = fs.readFileSync(
  path.resolve(__dirname, '../../../catalog/components.yaml'),
  'utf8',
);

const TAGGED_TYPES = [
  'ecs:service',
  'elasticloadbalancing:targetgroup',
  'cloudwatch:alarm',
];

describe('Shipyard AWS foundation against the sandbox', () => {
  const directory = createMockDirectory({
    content: { 'catalog-info.yaml': catalogFile },
  });
  let sandbox: SandboxServer;
  let backend: TestBackend;
  const scheduler = mockServices.scheduler();
  const cache = createResettableCache();

  beforeAll(async () => {
    sandbox = await createSandboxServer({ port: 0 });
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            ...demoEnvironmentsConfig,
            shipyard: {
              ...demoEnvironmentsConfig.shipyard,
              // With a server, each EKS cluster gets the url of the Kubernetes
              // API the sandbox serves for it, so EKS workloads are looked up.
              environments: sandboxPortalConfig(sandbox).shipyard.environments,
              aws: { endpoint: sandbox.url },
              // Every answer below is also checked against the spec.
              api: { validateResponses: true },
            },
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: directory.resolve('catalog-info.yaml'),
                },
              ],
            },
          },
        }),
        // One scheduler that the test drives: the collector runs when the
        // test triggers its task, as the real scheduler would run it.
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        cache.factory,
        catalogBackend,
        catalogModuleAws,
        awsPlugin,
      ],
    });

    // The collector only sees what the catalog has ingested, in the
    // background; every test needs both components and their environments.
    for (const name of ['catalog-api', 'freight-quote-api']) {
      await eventually(`${name} related to its environments`, async () => {
        const entity = await catalogEntity(`component/default/${name}`);
        return entity?.relations?.some(
          r => r.targetRef === 'resource:default/prod',
        )
          ? entity
          : undefined;
      });
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.close();
  });

  beforeEach(() => {
    cache.reset();
  });

  const user = () => mockCredentials.user.header();

  async function catalogEntity(ref: string): Promise<Entity | undefined> {
    const res = await request(backend.server)
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set('Authorization', user());
    return res.status === 200 ? res.body : undefined;
  }

  async function resources(name: string, environment: string) {
    const res = await request(backend.server)
      .get(
        `/api/aws/components/default/component/${name}/resources?environment=${environment}`,
      )
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    return res.body.items[0];
  }

  async function latestRun() {
    const res = await request(backend.server)
      .get('/api/aws/status')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    const collector = res.body.collectors.find(
      (c: { id: string }) => c.id === RESOURCE_INVENTORY_COLLECTOR_ID,
    );
    return { status: res.body, run: collector?.runs[0] };
  }

  /** A collector run with AWS answering, as a test's setup. */
  async function collect() {
    await scheduler.triggerTask(RESOURCE_INVENTORY_COLLECTOR_ID);
    const { run } = await latestRun();
    expect(run.status).toBe('succeeded');
  }

  async function setFault(fault: object | undefined) {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: fault ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: fault ? JSON.stringify(fault) : undefined,
    });
    expect(res.ok).toBe(true);
  }

  it('surfaces the environments in the catalog and relates the components to them', async () => {
    for (const name of ['dev', 'staging', 'prod']) {
      const environment = await eventually(`resource:default/${name}`, () =>
        catalogEntity(`resource/default/${name}`),
      );
      expect(environment.spec).toMatchObject({ type: 'environment' });
    }

    for (const name of ['catalog-api', 'freight-quote-api']) {
      const component = await eventually(`${name} with relations`, async () => {
        const entity = await catalogEntity(`component/default/${name}`);
        return entity?.relations?.some(
          r => r.targetRef === 'resource:default/prod',
        )
          ? entity
          : undefined;
      });
      // Beside its own resources (a database, a cache), it runs in all three environments.
      expect(
        component.relations
          ?.filter(r => r.type === 'dependsOn')
          .map(r => r.targetRef),
      ).toEqual(
        expect.arrayContaining([
          'resource:default/dev',
          'resource:default/prod',
          'resource:default/staging',
        ]),
      );
    }
  });

  it('records a failed run and answers 503 on refresh while AWS throttles, and still serves page views', async () => {
    // Whatever an earlier run stored, or nothing: a failed run keeps it.
    const before = await resources('catalog-api', 'prod');
    await setFault({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'throttle',
    });
    try {
      await scheduler.triggerTask(RESOURCE_INVENTORY_COLLECTOR_ID);

      const { run } = await latestRun();
      expect(run.status).toBe('failed');
      expect(run.error).toContain(
        'Could not collect the resources of dev, staging, prod',
      );
      expect(run.error).toMatch(/throttl/i);
      expect(run.error).toContain('nothing was stored');
      expect(run.calls).toEqual([
        // EKS is not throttled: one Deployment list per EKS cluster (one per
        // environment) for all EKS components at once, done long before the
        // Tagging API's retries give up.
        {
          service: 'Kubernetes',
          operation: 'listDeploymentsForAllNamespaces',
          count: 3,
        },
        {
          service: 'ResourceGroupsTaggingAPI',
          operation: 'GetResources',
          count: expect.any(Number),
          retries: expect.any(Number),
        },
      ]);
      // At least one failed call per environment. The locator queries prod's
      // two regions in parallel and gives up at the first failure, so the
      // other region's call may finish after the run and not be counted.
      expect(run.calls[1].count).toBeGreaterThanOrEqual(3);
      // The SDK retried each throttled call before giving up.
      expect(run.calls[1].retries).toBeGreaterThanOrEqual(run.calls[1].count);
      // This replica's in-process counter saw the throttling too.
      const { status } = await latestRun();
      expect(
        status.thisReplica.awsCalls.some(
          (c: { outcome: string; errorName?: string }) =>
            c.outcome === 'error' && c.errorName === 'ThrottledException',
        ),
      ).toBe(true);

      const refresh = await request(backend.server)
        .post(
          '/api/aws/components/default/component/catalog-api/resources/refresh?environment=prod',
        )
        .set('Authorization', user());
      expect(refresh.status).toBe(503);
      expect(refresh.body.error.name).toBe('ServiceUnavailableError');
      expect(refresh.body.error.message).toMatch(/throttl/i);
      expect(Number(refresh.headers['retry-after'])).toBeGreaterThan(0);

      // Page views read the database: unaffected by AWS throttling. Only
      // the next collection moved, after the failed run.
      expect(await resources('catalog-api', 'prod')).toEqual({
        ...before,
        nextCollectionAt: expect.any(String),
      });
    } finally {
      await setFault(undefined);
    }
  });

  it('fills component_resources in one run, at the batching floor of GetResources calls', async () => {
    const before = sandbox.stats.count('tagging', 'GetResources');
    const kubernetesBefore = sandbox.stats.count(
      'kubernetes',
      'listDeploymentsForAllNamespaces',
    );
    await scheduler.triggerTask(RESOURCE_INVENTORY_COLLECTOR_ID);

    // One GetResources page per (account, region) of each environment: the
    // demo scenario fits in one page of 100 everywhere.
    const targets = demoEnvironmentsConfig.shipyard.environments.flatMap(env =>
      env.accounts.flatMap(a =>
        a.regions.map(region => ({
          env: env.name,
          accountId: a.accountId,
          region,
        })),
      ),
    );
    for (const t of targets) {
      const here = sandbox.scenario.taggedResources.filter(
        r =>
          r.tags['shipyard:environment'] === t.env &&
          r.accountId === t.accountId &&
          r.region === t.region &&
          TAGGED_TYPES.includes(r.resourceType),
      );
      expect(here.length).toBeLessThanOrEqual(100);
    }
    expect(targets).toHaveLength(4);

    const { run, status } = await latestRun();
    expect(run).toEqual({
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      status: 'succeeded',
      calls: [
        // One Deployment list per EKS cluster (one per environment) for all
        // EKS components at once.
        {
          service: 'Kubernetes',
          operation: 'listDeploymentsForAllNamespaces',
          count: 3,
        },
        {
          service: 'ResourceGroupsTaggingAPI',
          operation: 'GetResources',
          count: targets.length,
        },
      ],
    });
    expect(
      sandbox.stats.count('kubernetes', 'listDeploymentsForAllNamespaces') -
        kubernetesBefore,
    ).toBe(3);
    expect(sandbox.stats.count('tagging', 'GetResources') - before).toBe(
      targets.length,
    );
    // This replica's in-process counter saw them too, per account and region.
    const successes = status.thisReplica.awsCalls.filter(
      (c: { operation: string; outcome: string }) =>
        c.operation === 'GetResources' && c.outcome === 'success',
    );
    expect(
      successes
        .map(
          (c: { accountId: string; region: string }) =>
            `${c.accountId}/${c.region}`,
        )
        .sort(),
    ).toEqual([
      '111111111111/eu-west-1',
      '222222222222/eu-central-1',
      '222222222222/eu-west-1',
    ]);
  });

  it('serves the ECS services of the ECS component in prod, with cluster, account and region', async () => {
    await collect();
    const expected = sandbox.scenario
      .findServices({ component: 'catalog-api', environment: 'prod' })
      .map(s => ({
        arn: s.arn,
        cluster: s.cluster,
        name: s.name,
        accountId: s.accountId,
        region: s.region,
        // Its owner and system tags are the entity's: no mismatch.
        ownerTag: 'team-storefront',
        systemTag: 'storefront',
      }));
    expect(expected).toContainEqual(
      expect.objectContaining({
        cluster: 'prod-apps',
        accountId: '222222222222',
        region: 'eu-west-1',
      }),
    );

    const item = await resources('catalog-api', 'prod');
    expect(item).toMatchObject({
      environment: expect.objectContaining({ name: 'prod', tier: 'prod' }),
      componentTag: { key: 'shipyard:component', value: 'catalog-api' },
      collectedAt: expect.stringMatching(/^\d{4}-/),
      eksWorkloads: [],
    });
    expect(item.ecsServices).toEqual(
      [...expected].sort((a, b) => a.arn.localeCompare(b.arn)),
    );
    expect(item.targetGroups.length).toBeGreaterThan(0);
    expect(item.alarms.length).toBeGreaterThan(0);

    const dev = await resources('catalog-api', 'dev');
    expect(dev.ecsServices.map((s: { cluster: string }) => s.cluster)).toEqual([
      'dev-apps',
    ]);
    expect(dev.ecsServices[0].accountId).toBe('111111111111');
  });

  it('serves the EKS workload and cluster of the EKS component in prod', async () => {
    await collect();
    const item = await resources('freight-quote-api', 'prod');
    expect(item.ecsServices).toEqual([]);
    // The Deployment found in the cluster, with the namespace it runs in.
    expect(item.eksWorkloads).toEqual([
      {
        cluster: 'prod-eks',
        accountId: '222222222222',
        region: 'eu-west-1',
        namespace: 'team-freight',
        name: 'freight-quote-api',
        kind: 'Deployment',
        ownerTag: 'team-freight',
        systemTag: 'freight-marketplace',
        labelSelector: 'shipyard.io/component=freight-quote-api',
      },
    ]);
    // An ECS component has no workload in any cluster.
    expect((await resources('catalog-api', 'prod')).eksWorkloads).toEqual([]);
  });

  it('refreshes one component live from AWS', async () => {
    const before = sandbox.stats.count('tagging', 'GetResources');
    const res = await request(backend.server)
      .post(
        '/api/aws/components/default/component/catalog-api/resources/refresh?environment=prod',
      )
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body.items[0].ecsServices).toContainEqual(
      expect.objectContaining({ cluster: 'prod-apps', region: 'eu-west-1' }),
    );
    expect(
      sandbox.stats.count('tagging', 'GetResources') - before,
    ).toBeGreaterThan(0);
    // Stored: page views now serve what the refresh found.
    expect(await resources('catalog-api', 'prod')).toEqual(res.body.items[0]);
  });
});
