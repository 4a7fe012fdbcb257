import { sandboxPortalConfig } from 'sandbox';
import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocatedResources } from '@internal/plugin-aws-common';
import {
  AwsServiceUnavailableError,
  DefaultAwsCallCounter,
  ResourceLocator,
  awsCallCounterServiceRef,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import request from 'supertest';
import awsPlugin from '../index';

/** The demo environments and their sandbox credentials, as app-config.yaml has them. */
const demoEnvironmentsConfig = sandboxPortalConfig();

jest.setTimeout(30_000);

const catalogApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'catalog-api',
    namespace: 'default',
    annotations: { 'shipyard.io/runtime': 'ecs' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-storefront',
    system: 'storefront',
  },
};
const website: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'marketing-site', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'team-storefront' },
};

function located(environment: string): LocatedResources {
  return {
    environment,
    componentTagValue: 'catalog-api',
    ecsServices: [
      {
        arn: 'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/catalog-api',
        cluster: 'prod-apps',
        name: 'catalog-api',
        accountId: '222222222222',
        region: 'eu-west-1',
        ownerTag: 'team-storefront',
        systemTag: 'storefront',
      },
    ],
    eksWorkloads: [],
    targetGroups: [],
    alarms: [],
  };
}

describe('createRouter', () => {
  let backend: TestBackend;
  const locator: jest.Mocked<ResourceLocator> = {
    locate: jest.fn(),
    locateMany: jest.fn(),
  };
  const callCounter = DefaultAwsCallCounter.create();

  beforeEach(async () => {
    jest.resetAllMocks();
    callCounter.reset();
    backend = await startTestBackend({
      features: [
        awsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...demoEnvironmentsConfig,
            shipyard: {
              ...demoEnvironmentsConfig.shipyard,
              // As in development: a response that breaks the spec is a 500.
              api: { validateResponses: true },
            },
          },
        }),
        catalogServiceMock.factory({ entities: [catalogApi, website] }),
        createServiceFactory({
          service: resourceLocatorServiceRef,
          deps: {},
          factory: () => locator,
        }),
        createServiceFactory({
          service: awsCallCounterServiceRef,
          deps: {},
          factory: () => callCounter,
        }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => mockServices.scheduler(),
        }),
      ],
    });
  });

  afterEach(async () => {
    await backend.stop();
  });

  it.each([
    ['get', '/api/aws/environments'],
    ['get', '/api/aws/components/default/component/catalog-api/resources'],
    [
      'post',
      '/api/aws/components/default/component/catalog-api/resources/refresh?environment=prod',
    ],
    ['get', '/api/aws/status'],
  ] as const)(
    'answers 401 to %s %s without credentials',
    async (method, path) => {
      const res = await request(backend.server)
        [method](path)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
      expect(locator.locate).not.toHaveBeenCalled();
    },
  );

  it('lists the configured environments without calling AWS', async () => {
    const res = await request(backend.server)
      .get('/api/aws/environments')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { name: string }) => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(res.body.items[2]).toEqual({
      name: 'prod',
      title: 'Production',
      tier: 'prod',
      accounts: [
        { accountId: '222222222222', regions: ['eu-west-1', 'eu-central-1'] },
      ],
      ecsClusters: expect.arrayContaining([
        {
          name: 'prod-apps-dr',
          accountId: '222222222222',
          region: 'eu-central-1',
        },
      ]),
      eksClusters: [
        expect.objectContaining({
          name: 'prod-eks',
          accountId: '222222222222',
        }),
      ],
    });
    expect(callCounter.snapshot()).toEqual([]);
  });

  it('answers 400 naming the known environments for an unknown one', async () => {
    const res = await request(backend.server)
      .get(
        '/api/aws/components/default/component/catalog-api/resources?environment=production',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('"production"');
    expect(res.body.error.message).toContain('dev, staging, prod');
  });

  it('answers 400 for malformed parameters', async () => {
    const res = await request(backend.server)
      .get(
        '/api/aws/components/default/component/catalog-api/resources?environment=Prod!',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('environment');

    const refresh = await request(backend.server)
      .post(
        '/api/aws/components/default/component/catalog-api/resources/refresh',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(refresh.status).toBe(400);
    expect(refresh.body.error.message).toContain('environment');
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const res = await request(backend.server)
      .get(
        '/api/aws/components/default/component/nope/resources?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body.error.message).toContain('component:default/nope');
  });

  it('reads the database only: nothing collected yet, one item per environment by tier, each with its tag', async () => {
    const res = await request(backend.server)
      .get('/api/aws/components/default/component/catalog-api/resources')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/catalog-api');
    expect(
      res.body.items.map((i: { environment: { name: string } }) => [
        i.environment.name,
        i,
      ]),
    ).toEqual(
      ['dev', 'staging', 'prod'].map(name => [
        name,
        {
          environment: expect.objectContaining({ name }),
          componentTag: { key: 'shipyard:component', value: 'catalog-api' },
          ecsServices: [],
          eksWorkloads: [],
          targetGroups: [],
          alarms: [],
        },
      ]),
    );
    expect(locator.locate).not.toHaveBeenCalled();
    expect(locator.locateMany).not.toHaveBeenCalled();
  });

  it('refreshes one environment through the locator, then serves it from the database', async () => {
    locator.locate.mockResolvedValue(located('prod'));

    const refresh = await request(backend.server)
      .post(
        '/api/aws/components/default/Component/catalog-api/resources/refresh?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(refresh.status).toBe(200);
    expect(locator.locate).toHaveBeenCalledWith({
      componentTagValue: 'catalog-api',
      runtime: 'ecs',
      environment: 'prod',
    });
    const { environment, componentTagValue, ...lists } = located('prod');
    expect(refresh.body.items).toEqual([
      {
        environment: expect.objectContaining({ name: environment }),
        componentTag: { key: 'shipyard:component', value: componentTagValue },
        collectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        ...lists,
      },
    ]);

    const res = await request(backend.server)
      .get(
        '/api/aws/components/default/component/catalog-api/resources?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(refresh.body.items);
    expect(locator.locate).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a malformed name',
      'get',
      '/api/aws/components/default/component/bad%20name!/resources',
      'name',
    ],
    [
      'an oversized namespace',
      'get',
      `/api/aws/components/${'n'.repeat(300)}/component/catalog-api/resources`,
      'namespace',
    ],
    [
      'a malformed kind',
      'get',
      '/api/aws/components/default/comp-onent/catalog-api/resources',
      'kind',
    ],
    [
      'an unknown query parameter',
      'get',
      '/api/aws/components/default/component/catalog-api/resources?env=prod',
      'env',
    ],
    [
      'a malformed environment on refresh',
      'post',
      '/api/aws/components/default/component/catalog-api/resources/refresh?environment=PROD',
      'environment',
    ],
  ] as const)(
    'answers 400 naming the field for %s',
    async (_, method, path, field) => {
      const res = await request(backend.server)
        [method](path)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(field);
      expect(locator.locate).not.toHaveBeenCalled();
    },
  );

  it('refuses a response that breaks the spec instead of sending it', async () => {
    // A locator answer without ARNs: the handler would pass it through.
    const broken = located('prod');
    broken.ecsServices = [
      { ...broken.ecsServices[0], arn: undefined as unknown as string },
    ];
    locator.locate.mockResolvedValue(broken);

    const res = await request(backend.server)
      .post(
        '/api/aws/components/default/component/catalog-api/resources/refresh?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('arn');
  });

  it('answers 503 with Retry-After when AWS throttles a refresh', async () => {
    locator.locate.mockRejectedValue(
      new AwsServiceUnavailableError(
        'AWS throttled Shipyard in account 222222222222 (ResourceGroupsTaggingAPI:GetResources); try again shortly',
        { retryAfterSeconds: 5, awsErrorName: 'ThrottledException' },
      ),
    );
    const res = await request(backend.server)
      .post(
        '/api/aws/components/default/component/catalog-api/resources/refresh?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toContain('throttled');
  });

  it('refuses to refresh a component without a runtime', async () => {
    const res = await request(backend.server)
      .post(
        '/api/aws/components/default/component/marketing-site/resources/refresh?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('shipyard.io/runtime');
    expect(locator.locate).not.toHaveBeenCalled();
  });

  it("reports collectors, this replica's AWS call totals and environments", async () => {
    callCounter.record({
      accountId: '222222222222',
      region: 'eu-west-1',
      service: 'ResourceGroupsTaggingAPI',
      operation: 'GetResources',
      outcome: 'success',
      attempts: 1,
    });
    const res = await request(backend.server)
      .get('/api/aws/status')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      collectors: [],
      thisReplica: {
        awsCalls: [
          {
            accountId: '222222222222',
            region: 'eu-west-1',
            service: 'ResourceGroupsTaggingAPI',
            operation: 'GetResources',
            outcome: 'success',
            count: 1,
            retries: 0,
          },
        ],
      },
      environments: expect.arrayContaining([
        expect.objectContaining({ name: 'prod' }),
      ]),
    });
  });
});
