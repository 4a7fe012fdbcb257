import {
  GetResourcesCommand,
  GetResourcesCommandInput,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { CacheService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { AwsTarget } from '@internal/plugin-aws-common';
import { mockClient } from 'aws-sdk-client-mock';
import { DefaultAwsCallCounter } from '../clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../clients/DefaultAwsClientFactory';
import { DefaultShipyardEnvironments } from '../environments/DefaultShipyardEnvironments';
import { DefaultResourceLocator } from './DefaultResourceLocator';
import { resourceLocatorServiceFactory } from './resourceLocatorServiceRef';

const DEV = '111111111111';
const PROD = '222222222222';

const config = (extra: JsonObject = {}) =>
  new ConfigReader({
    aws: {
      accounts: [DEV, PROD].map(accountId => ({
        accountId,
        accessKeyId: `SANDBOX${accountId}`,
        secretAccessKey: 'sandbox',
      })),
    },
    shipyard: {
      environments: [
        {
          name: 'dev',
          tier: 'dev',
          accounts: [{ accountId: DEV, regions: ['eu-west-1'] }],
          ecsClusters: [
            { name: 'dev-apps', accountId: DEV, region: 'eu-west-1' },
          ],
          eksClusters: [
            { name: 'dev-eks', accountId: DEV, region: 'eu-west-1' },
          ],
        },
        {
          name: 'staging',
          tier: 'staging',
          accounts: [{ accountId: DEV, regions: ['eu-west-1'] }],
        },
        {
          name: 'prod',
          tier: 'prod',
          accounts: [
            { accountId: PROD, regions: ['eu-west-1', 'eu-central-1'] },
          ],
          ecsClusters: [
            { name: 'prod-apps', accountId: PROD, region: 'eu-west-1' },
            { name: 'prod-apps-dr', accountId: PROD, region: 'eu-central-1' },
          ],
          eksClusters: [
            { name: 'prod-eks', accountId: PROD, region: 'eu-west-1' },
          ],
        },
      ],
      ...extra,
    },
  });

type FakeResource = { arn: string; tags: Record<string, string> };

const ecsService = (
  account: string,
  region: string,
  cluster: string,
  name: string,
  tags: Record<string, string>,
): FakeResource => ({
  arn: `arn:aws:ecs:${region}:${account}:service/${cluster}/${name}`,
  tags,
});
const targetGroup = (
  account: string,
  region: string,
  name: string,
  tags: Record<string, string>,
): FakeResource => ({
  arn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/0123456789abcdef`,
  tags,
});
const alarm = (
  account: string,
  region: string,
  name: string,
  tags: Record<string, string>,
): FakeResource => ({
  arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
  tags,
});
const tags = (component: string, environment: string) => ({
  'shipyard:component': component,
  'shipyard:environment': environment,
  'shipyard:owner': 'team-storefront',
  'shipyard:system': 'storefront',
});

const RESOURCE_TYPE_PREFIXES: Record<string, string> = {
  'ecs:service': 'service/',
  'elasticloadbalancing:targetgroup': 'targetgroup/',
  'cloudwatch:alarm': 'alarm:',
};

function matches(
  resource: FakeResource,
  target: AwsTarget,
  input: GetResourcesCommandInput,
) {
  const [, , service, region, account, ...rest] = resource.arn.split(':');
  const resourcePart = rest.join(':');
  return (
    region === target.region &&
    account === target.accountId &&
    (input.TagFilters ?? []).every(
      f =>
        f.Key! in resource.tags &&
        (!f.Values?.length || f.Values.includes(resource.tags[f.Key!])),
    ) &&
    (!input.ResourceTypeFilters?.length ||
      input.ResourceTypeFilters.some(
        type =>
          type.split(':')[0] === service &&
          resourcePart.startsWith(RESOURCE_TYPE_PREFIXES[type]),
      ))
  );
}

describe('DefaultResourceLocator', () => {
  const tagging = mockClient(ResourceGroupsTaggingAPIClient);
  let inventory: FakeResource[];
  let factory: DefaultAwsClientFactory;
  let cache: CacheService;

  const targets: AwsTarget[] = [
    { accountId: DEV, region: 'eu-west-1' },
    { accountId: PROD, region: 'eu-west-1' },
    { accountId: PROD, region: 'eu-central-1' },
  ];
  // The factory reuses one client per target, so the client identifies it.
  const targetOf = (client: unknown) =>
    targets.find(
      t => factory.getClient(ResourceGroupsTaggingAPIClient, t) === client,
    )!;

  /** The Tagging API over `inventory`: filters, and pages as AWS does. */
  function serveInventory() {
    tagging
      .on(GetResourcesCommand)
      .callsFake((input: GetResourcesCommandInput, getClient) => {
        const perPage = input.ResourcesPerPage ?? 50;
        if (perPage > 100) {
          throw Object.assign(new Error('ResourcesPerPage must be <= 100'), {
            name: 'InvalidParameterException',
          });
        }
        const found = inventory.filter(r =>
          matches(r, targetOf(getClient()), input),
        );
        const start = Number(input.PaginationToken || 0);
        const next = start + perPage;
        return {
          ResourceTagMappingList: found.slice(start, next).map(r => ({
            ResourceARN: r.arn,
            Tags: Object.entries(r.tags).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          })),
          PaginationToken: next < found.length ? String(next) : '',
        };
      });
  }

  function createLocator(
    options: { config?: ConfigReader; cacheTtlMs?: number } = {},
  ) {
    const cfg = options.config ?? config();
    factory = DefaultAwsClientFactory.fromConfig(cfg, {
      counter: DefaultAwsCallCounter.create(),
    });
    return DefaultResourceLocator.fromConfig(cfg, {
      environments: DefaultShipyardEnvironments.fromConfig(cfg),
      clientFactory: factory,
      cache,
      cacheTtlMs: options.cacheTtlMs,
    });
  }

  const calls = () => tagging.commandCalls(GetResourcesCommand);

  beforeEach(async () => {
    tagging.reset();
    inventory = [];
    serveInventory();
    cache = await ServiceFactoryTester.from(
      mockServices.cache.factory(),
    ).getSubject('aws');
  });

  afterAll(() => tagging.restore());

  describe('locate', () => {
    it('queries every (account, region) of the environment by both tags and sorts what it finds by kind', async () => {
      inventory = [
        ecsService(
          PROD,
          'eu-west-1',
          'prod-apps',
          'checkout-api',
          tags('checkout-api', 'prod'),
        ),
        ecsService(
          PROD,
          'eu-central-1',
          'prod-apps-dr',
          'checkout-api',
          tags('checkout-api', 'prod'),
        ),
        targetGroup(
          PROD,
          'eu-west-1',
          'checkout-api-tg',
          tags('checkout-api', 'prod'),
        ),
        alarm(
          PROD,
          'eu-west-1',
          'checkout-api-5xx',
          tags('checkout-api', 'prod'),
        ),
        // Someone else's, and the same component in another environment.
        ecsService(
          PROD,
          'eu-west-1',
          'prod-apps',
          'catalog-api',
          tags('catalog-api', 'prod'),
        ),
        ecsService(
          DEV,
          'eu-west-1',
          'dev-apps',
          'checkout-api',
          tags('checkout-api', 'dev'),
        ),
      ];
      const locator = createLocator();

      const found = await locator.locate({
        componentTagValue: 'checkout-api',
        environment: 'prod',
        runtime: 'ecs',
      });

      expect(found).toEqual({
        environment: 'prod',
        componentTagValue: 'checkout-api',
        ecsServices: [
          {
            arn: 'arn:aws:ecs:eu-central-1:222222222222:service/prod-apps-dr/checkout-api',
            cluster: 'prod-apps-dr',
            name: 'checkout-api',
            accountId: PROD,
            region: 'eu-central-1',
            ownerTag: 'team-storefront',
            systemTag: 'storefront',
          },
          {
            arn: 'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api',
            cluster: 'prod-apps',
            name: 'checkout-api',
            accountId: PROD,
            region: 'eu-west-1',
            ownerTag: 'team-storefront',
            systemTag: 'storefront',
          },
        ],
        eksWorkloads: [],
        targetGroups: [
          {
            arn: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/checkout-api-tg/0123456789abcdef',
            name: 'checkout-api-tg',
            accountId: PROD,
            region: 'eu-west-1',
          },
        ],
        alarms: [
          {
            arn: 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:checkout-api-5xx',
            name: 'checkout-api-5xx',
            accountId: PROD,
            region: 'eu-west-1',
          },
        ],
      });

      expect(calls().map(c => targetOf(c.thisValue))).toEqual(
        expect.arrayContaining([
          { accountId: PROD, region: 'eu-west-1' },
          { accountId: PROD, region: 'eu-central-1' },
        ]),
      );
      expect(calls()).toHaveLength(2);
      for (const call of calls()) {
        expect(call.args[0].input).toEqual({
          TagFilters: [
            { Key: 'shipyard:component', Values: ['checkout-api'] },
            { Key: 'shipyard:environment', Values: ['prod'] },
          ],
          ResourceTypeFilters: [
            'ecs:service',
            'elasticloadbalancing:targetgroup',
            'cloudwatch:alarm',
          ],
          ResourcesPerPage: 100,
        });
      }
    });

    it('follows pagination tokens', async () => {
      inventory = Array.from({ length: 150 }, (_, i) =>
        alarm(
          PROD,
          'eu-west-1',
          `checkout-api-${i}`,
          tags('checkout-api', 'prod'),
        ),
      );
      const found = await createLocator().locate({
        componentTagValue: 'checkout-api',
        environment: 'prod',
      });
      expect(found.alarms).toHaveLength(150);
      const west = calls().filter(
        c => targetOf(c.thisValue).region === 'eu-west-1',
      );
      expect(west.map(c => c.args[0].input.PaginationToken)).toEqual([
        undefined,
        '100',
      ]);
      expect(calls()).toHaveLength(3);
    });

    it('skips EKS clusters without a url, warning once per cluster, instead of guessing workloads', async () => {
      const logger = mockServices.logger.mock();
      const kubernetes = { listDeployments: jest.fn() };
      const cfg = config();
      factory = DefaultAwsClientFactory.fromConfig(cfg, {
        counter: DefaultAwsCallCounter.create(),
      });
      const locator = DefaultResourceLocator.fromConfig(cfg, {
        environments: DefaultShipyardEnvironments.fromConfig(cfg),
        clientFactory: factory,
        cache,
        logger,
        kubernetes,
      });
      for (const bypassCache of [false, true]) {
        const found = await locator.locate(
          { componentTagValue: 'freight-quote-api', environment: 'prod' },
          { bypassCache },
        );
        expect(found.eksWorkloads).toEqual([]);
      }
      const many = await locator.locateMany(
        [{ componentTagValue: 'freight-quote-api', runtime: 'eks' }],
        'prod',
      );
      expect(many.get('freight-quote-api')!.eksWorkloads).toEqual([]);
      expect(kubernetes.listDeployments).not.toHaveBeenCalled();
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^EKS cluster prod-eks of environment prod has no url in shipyard.environments\[\].eksClusters/,
        ),
      );
    });

    it('caches EKS workloads like tagged resources, and asks the clusters again when bypassing the cache', async () => {
      const kubernetes = {
        listDeployments: jest.fn(async () => [
          {
            namespace: 'team-freight',
            name: 'freight-quote-api',
            labels: { 'shipyard.io/component': 'freight-quote-api' },
          },
        ]),
      };
      const cfg = config();
      const data = cfg.get() as any;
      data.shipyard.environments[2].eksClusters[0].url = 'https://prod.example';
      const withUrl = new ConfigReader(data);
      factory = DefaultAwsClientFactory.fromConfig(withUrl, {
        counter: DefaultAwsCallCounter.create(),
      });
      const locator = DefaultResourceLocator.fromConfig(withUrl, {
        environments: DefaultShipyardEnvironments.fromConfig(withUrl),
        clientFactory: factory,
        cache,
        kubernetes,
      });
      const request = {
        componentTagValue: 'freight-quote-api',
        environment: 'prod',
      };
      const first = await locator.locate(request);
      first.eksWorkloads[0].name = 'changed by a caller';
      expect((await locator.locate(request)).eksWorkloads).toEqual([
        {
          cluster: 'prod-eks',
          accountId: PROD,
          region: 'eu-west-1',
          namespace: 'team-freight',
          name: 'freight-quote-api',
          kind: 'Deployment',
          labelSelector: 'shipyard.io/component=freight-quote-api',
        },
      ]);
      expect(kubernetes.listDeployments).toHaveBeenCalledTimes(1);
      expect(kubernetes.listDeployments).toHaveBeenCalledWith(
        {
          environment: 'prod',
          cluster: 'prod-eks',
          labelSelector:
            'shipyard.io/component=freight-quote-api,shipyard.io/environment=prod',
        },
        { signal: undefined },
      );
      await locator.locate(request, { bypassCache: true });
      expect(kubernetes.listDeployments).toHaveBeenCalledTimes(2);
    });

    it('serves repeated lookups from the cache until the TTL passes, and bypasses it on request', async () => {
      inventory = [
        ecsService(
          DEV,
          'eu-west-1',
          'dev-apps',
          'checkout-api',
          tags('checkout-api', 'dev'),
        ),
      ];
      const locator = createLocator({ cacheTtlMs: 100 });
      const request = { componentTagValue: 'checkout-api', environment: 'dev' };

      const first = await locator.locate(request);
      first.ecsServices.pop();
      expect((await locator.locate(request)).ecsServices).toHaveLength(1);
      expect(calls()).toHaveLength(1);

      inventory = [];
      expect(
        (await locator.locate(request, { bypassCache: true })).ecsServices,
      ).toEqual([]);
      expect(calls()).toHaveLength(2);

      await new Promise(resolve => setTimeout(resolve, 150));
      await locator.locate(request);
      expect(calls()).toHaveLength(3);
    });

    it("answers an unknown environment with the environments service's error without calling AWS", async () => {
      await expect(
        createLocator().locate({ componentTagValue: 'x', environment: 'qa' }),
      ).rejects.toThrow(/^Unknown environment "qa"/);
      expect(calls()).toHaveLength(0);
    });

    it('maps AWS errors, naming the account and the permission to grant', async () => {
      tagging.on(GetResourcesCommand).rejects(
        Object.assign(
          new Error('User is not authorized to perform: tag:GetResources'),
          {
            name: 'AccessDeniedException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          },
        ),
      );
      const error = await createLocator()
        .locate({ componentTagValue: 'checkout-api', environment: 'dev' })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toMatch(
        /^Shipyard's role in account 111111111111 cannot call ResourceGroupsTaggingAPI:GetResources in eu-west-1; grant tag:GetResources to the role/,
      );
    });

    it('uses the configured tag keys', async () => {
      inventory = [
        ecsService(DEV, 'eu-west-1', 'dev-apps', 'checkout-api', {
          app: 'checkout',
          env: 'dev',
        }),
      ];
      const locator = createLocator({
        config: config({ tagKeys: { component: 'app', environment: 'env' } }),
      });
      const found = await locator.locate({
        componentTagValue: 'checkout',
        environment: 'dev',
      });
      expect(found.ecsServices.map(s => s.name)).toEqual(['checkout-api']);
      expect(calls()[0].args[0].input.TagFilters).toEqual([
        { Key: 'app', Values: ['checkout'] },
        { Key: 'env', Values: ['dev'] },
      ]);
    });
  });

  describe('locateMany', () => {
    const components = Array.from({ length: 1000 }, (_, i) => ({
      componentTagValue: `svc-${String(i).padStart(4, '0')}`,
      runtime: 'ecs' as const,
    }));

    function portfolio(): FakeResource[] {
      const resources: FakeResource[] = [];
      components.forEach(({ componentTagValue: c }, i) => {
        // One in five prod services runs in the DR region.
        resources.push(
          i % 5 === 0
            ? ecsService(
                PROD,
                'eu-central-1',
                'prod-apps-dr',
                c,
                tags(c, 'prod'),
              )
            : ecsService(PROD, 'eu-west-1', 'prod-apps', c, tags(c, 'prod')),
          targetGroup(PROD, 'eu-west-1', `${c}-tg`, tags(c, 'prod')),
          alarm(PROD, 'eu-west-1', `${c}-5xx`, tags(c, 'prod')),
          ecsService(DEV, 'eu-west-1', 'dev-apps', c, tags(c, 'dev')),
          ecsService(DEV, 'eu-west-1', 'staging-apps', c, tags(c, 'staging')),
        );
      });
      // Tagged for prod but not for any requested component.
      resources.push(
        ecsService(
          PROD,
          'eu-west-1',
          'prod-apps',
          'legacy',
          tags('legacy', 'prod'),
        ),
        alarm(PROD, 'eu-west-1', 'untagged-component', {
          'shipyard:environment': 'prod',
        }),
      );
      return resources;
    }

    it('locates 1,000 components in 3 environments with a few pages per (account, region), not a call per component', async () => {
      inventory = portfolio();
      const locator = createLocator();

      const results = new Map<string, Map<string, any>>();
      for (const env of ['dev', 'staging', 'prod']) {
        results.set(env, await locator.locateMany(components, env));
      }

      // prod eu-west-1: 800 services + 1000 target groups + 1000 alarms + 2
      // strays = 2802 resources, 29 pages; eu-central-1: 200 services, 2
      // pages; dev and staging: 1000 services each, 10 pages.
      expect(calls()).toHaveLength(29 + 2 + 10 + 10);
      for (const call of calls()) {
        const input = call.args[0].input;
        expect(input.TagFilters).toEqual([
          { Key: 'shipyard:environment', Values: [expect.any(String)] },
        ]);
        expect(input.ResourcesPerPage).toBe(100);
      }

      const prod = results.get('prod')!;
      expect(prod.size).toBe(1000);
      expect([...prod.keys()]).toEqual(
        components.map(c => c.componentTagValue),
      );
      for (const [i, { componentTagValue: c }] of components.entries()) {
        const found = prod.get(c);
        expect(found.ecsServices).toEqual([
          {
            arn: `arn:aws:ecs:${
              i % 5 === 0 ? 'eu-central-1' : 'eu-west-1'
            }:${PROD}:service/${
              i % 5 === 0 ? 'prod-apps-dr' : 'prod-apps'
            }/${c}`,
            cluster: i % 5 === 0 ? 'prod-apps-dr' : 'prod-apps',
            name: c,
            accountId: PROD,
            region: i % 5 === 0 ? 'eu-central-1' : 'eu-west-1',
            ownerTag: 'team-storefront',
            systemTag: 'storefront',
          },
        ]);
        expect(found.targetGroups.map((t: any) => t.name)).toEqual([`${c}-tg`]);
        expect(found.alarms.map((a: any) => a.name)).toEqual([`${c}-5xx`]);
      }
      expect(results.get('staging')!.get('svc-0042').ecsServices).toEqual([
        expect.objectContaining({
          cluster: 'staging-apps',
          name: 'svc-0042',
          accountId: DEV,
        }),
      ]);
      expect(results.get('dev')!.get('svc-0042').ecsServices).toEqual([
        expect.objectContaining({ cluster: 'dev-apps', name: 'svc-0042' }),
      ]);
      expect(prod.has('legacy')).toBe(false);
    });

    it('copes with any component tag value, including __proto__', async () => {
      inventory = [
        ecsService(
          DEV,
          'eu-west-1',
          'dev-apps',
          'odd',
          tags('__proto__', 'dev'),
        ),
        ecsService(
          DEV,
          'eu-west-1',
          'dev-apps',
          'constructor',
          tags('constructor', 'dev'),
        ),
      ];
      const found = await createLocator().locateMany(
        [{ componentTagValue: '__proto__' }, { componentTagValue: 'toString' }],
        'dev',
      );
      expect(found.get('__proto__')!.ecsServices.map(s => s.name)).toEqual([
        'odd',
      ]);
      expect(found.get('toString')!.ecsServices).toEqual([]);
    });

    it('answers components without resources with empty lists', async () => {
      const found = await createLocator().locateMany(
        [{ componentTagValue: 'brand-new', runtime: 'eks' }],
        'dev',
      );
      expect(found.get('brand-new')).toEqual({
        environment: 'dev',
        componentTagValue: 'brand-new',
        ecsServices: [],
        targetGroups: [],
        alarms: [],
        eksWorkloads: [],
      });
    });

    it('shares one environment scan between concurrent and later callers', async () => {
      inventory = portfolio();
      const locator = createLocator();
      const [a, b] = await Promise.all([
        locator.locateMany(components.slice(0, 10), 'dev'),
        locator.locateMany(components.slice(5, 20), 'dev'),
      ]);
      await locator.locateMany(components, 'dev');
      expect(calls()).toHaveLength(10);
      expect(a.get('svc-0007')).toEqual(b.get('svc-0007'));
    });
  });

  it('is available through the service ref with the plugin cache', async () => {
    inventory = [
      ecsService(
        DEV,
        'eu-west-1',
        'dev-apps',
        'checkout-api',
        tags('checkout-api', 'dev'),
      ),
    ];
    const tester = ServiceFactoryTester.from(resourceLocatorServiceFactory, {
      dependencies: [
        mockServices.rootConfig.factory({ data: config().get() as JsonObject }),
        mockServices.cache.factory(),
      ],
    });
    const locator = await tester.getSubject('aws');
    // The service's own client factory makes the clients here, so identify
    // the target by the client's region only.
    tagging.reset();
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        {
          ResourceARN: inventory[0].arn,
          Tags: [{ Key: 'shipyard:component', Value: 'checkout-api' }],
        },
      ],
    });
    const found = await locator.locate({
      componentTagValue: 'checkout-api',
      environment: 'dev',
    });
    expect(found.ecsServices.map(s => s.cluster)).toEqual(['dev-apps']);
  });
});
