import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  createSandboxServer,
  DEMO_COMPONENTS,
  DEMO_ENVIRONMENTS,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { DefaultAwsCallCounter } from '../clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../clients/DefaultAwsClientFactory';
import { DefaultShipyardEnvironments } from '../environments/DefaultShipyardEnvironments';
import { AwsServiceUnavailableError } from '../errors/AwsServiceUnavailableError';
import { DefaultResourceLocator } from './DefaultResourceLocator';

const RESOURCE_TYPES = [
  'ecs:service',
  'elasticloadbalancing:targetgroup',
  'cloudwatch:alarm',
];

describe('DefaultResourceLocator against the sandbox', () => {
  let server: SandboxServer;
  let factory: DefaultAwsClientFactory;

  afterEach(async () => {
    factory?.destroy();
    await server?.close();
  });

  async function setUp(options: { scale?: number; maxAttempts?: number } = {}) {
    server = await createSandboxServer({ port: 0, scale: options.scale });
    const config = new ConfigReader(
      sandboxPortalConfig(server, { maxAttempts: options.maxAttempts ?? 3 }),
    );
    const counter = DefaultAwsCallCounter.create();
    factory = DefaultAwsClientFactory.fromConfig(config, { counter });
    const cache = await ServiceFactoryTester.from(
      mockServices.cache.factory(),
    ).getSubject('aws');
    const locator = DefaultResourceLocator.fromConfig(config, {
      environments: DefaultShipyardEnvironments.fromConfig(config),
      clientFactory: factory,
      cache,
      counter,
    });
    return { counter, locator };
  }

  it("finds checkout-api's service, target group and alarms in prod", async () => {
    const { locator } = await setUp();
    const found = await locator.locate({
      componentTagValue: 'checkout-api',
      environment: 'prod',
      runtime: 'ecs',
    });
    const services = server.scenario.findServices({
      component: 'checkout-api',
      environment: 'prod',
    });
    expect(services.length).toBeGreaterThan(0);
    expect(found.ecsServices).toEqual(
      expect.arrayContaining(
        services.map(s => ({
          arn: s.arn,
          cluster: s.cluster,
          name: s.name,
          accountId: s.accountId,
          region: s.region,
          // The owner and system tags, for the card to flag a mismatch.
          ownerTag: 'team-storefront',
          systemTag: 'storefront',
        })),
      ),
    );
    expect(found.ecsServices).toHaveLength(services.length);
    expect(found.targetGroups.map(t => t.arn).sort()).toEqual(
      services
        .flatMap(s => (s.targetGroupArn ? [s.targetGroupArn] : []))
        .sort(),
    );
    expect(found.alarms.map(a => a.name).sort()).toEqual(
      services.flatMap(s => s.alarms.map(a => a.name)).sort(),
    );
    expect(found.eksWorkloads).toEqual([]);
  });

  it("finds freight-quote-api's Deployment on prod-eks with its namespace, and nothing for an ECS component", async () => {
    const { locator, counter } = await setUp();
    const found = await locator.locate({
      componentTagValue: 'freight-quote-api',
      environment: 'prod',
      runtime: 'eks',
    });
    expect(found.eksWorkloads).toEqual([
      {
        cluster: 'prod-eks',
        accountId: '222222222222',
        region: 'eu-west-1',
        namespace: 'team-freight',
        name: 'freight-quote-api',
        kind: 'Deployment',
        labelSelector: 'shipyard.io/component=freight-quote-api',
        ownerTag: 'team-freight',
        systemTag: 'freight-marketplace',
      },
    ]);
    expect(found.ecsServices).toEqual([]);

    // Without a runtime the clusters are asked, and an ECS component is in none of them.
    const unknownRuntime = await locator.locate({
      componentTagValue: 'checkout-api',
      environment: 'prod',
    });
    expect(unknownRuntime.eksWorkloads).toEqual([]);
    expect(unknownRuntime.ecsServices.length).toBeGreaterThan(0);
    expect(
      server.stats.count('kubernetes', 'listDeploymentsForAllNamespaces'),
    ).toBe(2);
    // Declared ECS: no Kubernetes call at all.
    await locator.locate({
      componentTagValue: 'ledger-service',
      environment: 'prod',
      runtime: 'ecs',
    });
    expect(
      server.stats.count('kubernetes', 'listDeploymentsForAllNamespaces'),
    ).toBe(2);
    expect(
      counter
        .snapshot()
        .filter(c => c.service === 'Kubernetes')
        .reduce((n, c) => n + c.count, 0),
    ).toBe(2);
  });

  it("shows dev only dev's Deployment in a cluster that staging shares", async () => {
    const { locator } = await setUp();
    const [dev] = server.scenario.findServices({
      component: 'freight-quote-api',
      environment: 'dev',
    });
    // Staging's copy of the component in dev's cluster: same component
    // label, its own environment label (a name of its own, as the sandbox
    // keeps Deployment names unique per cluster).
    const name = 'freight-quote-api-staging';
    server.state.services.add({
      ...dev,
      id: `${dev.accountId}/${dev.region}/${dev.cluster}/${name}`,
      name,
      namespace: 'team-freight-staging',
      environment: 'staging',
      tier: 'staging',
      arn: `${dev.clusterArn}/team-freight-staging/${name}`,
    });

    const refreshed = await locator.locate(
      {
        componentTagValue: 'freight-quote-api',
        environment: 'dev',
        runtime: 'eks',
      },
      { bypassCache: true },
    );
    const collected = await locator.locateMany(
      [{ componentTagValue: 'freight-quote-api', runtime: 'eks' }],
      'dev',
    );
    for (const found of [refreshed, collected.get('freight-quote-api')!]) {
      expect(found.eksWorkloads.map(w => `${w.namespace}/${w.name}`)).toEqual([
        `${dev.namespace}/freight-quote-api`,
      ]);
    }
  });

  it('batches EKS lookups in locateMany: one list per EKS cluster with a url, grouped by component', async () => {
    const { locator, counter } = await setUp({ scale: 3 });
    const components = server.scenario.components.map(c => ({
      componentTagValue: c.name,
      runtime: c.runtime,
    }));
    let clusters = 0;
    for (const env of DEMO_ENVIRONMENTS) {
      clusters += env.regions.reduce((n, r) => n + r.eksClusters.length, 0);
      const found = await locator.locateMany(components, env.name);
      const actual = server.scenario.components.map(component => ({
        component: component.name,
        workloads: found
          .get(component.name)!
          .eksWorkloads.map(w => `${w.namespace}/${w.name} ${w.labelSelector}`),
      }));
      expect(actual).toEqual(
        server.scenario.components.map(component => ({
          component: component.name,
          workloads:
            component.runtime === 'eks'
              ? [
                  `${component.owner}/${component.name} shipyard.io/component=${component.name}`,
                ]
              : [],
        })),
      );
    }
    expect(clusters).toBe(3);
    const lists = counter
      .snapshot()
      .filter(c => c.service === 'Kubernetes')
      .reduce((n, c) => n + c.count, 0);
    expect(lists).toBe(clusters);
    expect(server.stats.count('kubernetes')).toBe(clusters);
  });

  it('locates a scaled portfolio in every environment with one page per 100 resources, grouped like the sandbox tags them', async () => {
    const { counter, locator } = await setUp({ scale: 40 });
    const components = server.scenario.components.map(c => ({
      componentTagValue: c.name,
      runtime: c.runtime,
    }));
    expect(components.length).toBe(DEMO_COMPONENTS.length * 40);

    let expectedPages = 0;
    for (const env of DEMO_ENVIRONMENTS) {
      const found = await locator.locateMany(components, env.name);

      const tagged = server.scenario.taggedResources.filter(
        r =>
          r.tags['shipyard:environment'] === env.name &&
          RESOURCE_TYPES.includes(r.resourceType),
      );
      for (const { region } of env.regions) {
        const here = tagged.filter(
          r => r.accountId === env.accountId && r.region === region,
        ).length;
        expectedPages += Math.max(1, Math.ceil(here / 100));
      }
      for (const component of server.scenario.components) {
        const mine = tagged.filter(
          r => r.tags['shipyard:component'] === component.name,
        );
        const result = found.get(component.name)!;
        expect(
          [...result.ecsServices, ...result.targetGroups, ...result.alarms]
            .map(r => r.arn)
            .sort(),
        ).toEqual(mine.map(r => r.arn).sort());
        expect(result.eksWorkloads.length > 0).toBe(
          component.runtime === 'eks',
        );
      }
    }

    const getResources = counter
      .snapshot()
      .filter(c => c.operation === 'GetResources');
    const calls = getResources.reduce((n, c) => n + c.count, 0);
    expect(calls).toBe(expectedPages);
    expect(calls).toBe(server.stats.count('tagging', 'GetResources'));
    // 360 components x 3 environments, in a few dozen pages.
    expect(calls).toBeLessThan(100);
    // Heavy (a scaled sandbox or many requests): room for a loaded CI machine.
  }, 30_000);

  it('rides out throttling with retries, and reports it as unavailable when it persists', async () => {
    const { counter, locator } = await setUp({ maxAttempts: 3 });
    server.faults.add({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'throttle',
      count: 1,
    });
    const found = await locator.locate({
      componentTagValue: 'catalog-api',
      environment: 'dev',
      runtime: 'ecs',
    });
    expect(found.ecsServices.map(s => s.cluster)).toEqual(['dev-apps']);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        service: 'ResourceGroupsTaggingAPI',
        operation: 'GetResources',
        outcome: 'success',
        count: 1,
        retries: 1,
      }),
    ]);

    server.faults.add({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'throttle',
    });
    const error = await locator
      .locate({ componentTagValue: 'checkout-api', environment: 'dev' })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceUnavailableError);
    expect(error.message).toMatch(
      /^AWS ResourceGroupsTaggingAPI is throttling ResourceGroupsTaggingAPI:GetResources in account 111111111111, eu-west-1 after 3 attempts; try again in 5 seconds; caused by ThrottledException/,
    );
  });
});
