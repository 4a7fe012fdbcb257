import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ResourceLocator,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import { sandboxPortalConfig } from 'sandbox';
import request from 'supertest';
import awsPlugin from '../index';

jest.setTimeout(60_000);

/** The Redis that runs beside PostgreSQL on this machine kind and in CI. */
const REDIS = 'redis://127.0.0.1:6379';

const catalogApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'catalog-api',
    namespace: 'default',
    annotations: { 'shipyard.io/runtime': 'ecs' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-storefront' },
};

/** What the portal's cache is in production: Redis, one client per replica. */
const redisCache = () => {
  const manager = CacheManager.fromConfig(
    new ConfigReader({
      backend: { cache: { store: 'redis', connection: REDIS } },
    }),
  );
  return createServiceFactory({
    service: coreServices.cache,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => manager.forPlugin(plugin.getId()),
  });
};

describe('the live refresh limit', () => {
  const locator: jest.Mocked<ResourceLocator> = {
    locate: jest.fn(),
    locateMany: jest.fn(),
  };
  const backends: TestBackend[] = [];

  async function startReplica(
    options: {
      refreshLimit?: object;
      cache?: ReturnType<typeof redisCache>;
    } = {},
  ) {
    const portalConfig = sandboxPortalConfig();
    const backend = await startTestBackend({
      features: [
        awsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...portalConfig,
            shipyard: {
              ...portalConfig.shipyard,
              ...(options.refreshLimit && {
                aws: { refreshLimit: options.refreshLimit },
              }),
            },
          },
        }),
        catalogServiceMock.factory({ entities: [catalogApi] }),
        createServiceFactory({
          service: resourceLocatorServiceRef,
          deps: {},
          factory: () => locator,
        }),
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => mockServices.scheduler(),
        }),
        ...(options.cache ? [options.cache] : []),
      ],
    });
    backends.push(backend);
    return backend;
  }

  beforeEach(() => {
    locator.locate.mockReset();
    locator.locate.mockImplementation(async ({ environment }) => ({
      environment,
      componentTagValue: 'catalog-api',
      ecsServices: [],
      eksWorkloads: [],
      targetGroups: [],
      alarms: [],
    }));
  });

  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
  });

  const refresh = (backend: TestBackend, user: string) =>
    request(backend.server)
      .post(
        '/api/aws/components/default/component/catalog-api/resources/refresh?environment=prod',
      )
      .set('Authorization', mockCredentials.user.header(user));

  it('answers the 11th refresh in a minute with 429 and Retry-After, per user', async () => {
    const backend = await startReplica();
    // The budget is per calendar minute: start well inside one, so that the
    // eleven requests cannot straddle two.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) {
      await new Promise(r => setTimeout(r, 60_000 - intoMinute + 100));
    }
    const user = `user:default/ana-${randomUUID()}`;
    for (let i = 0; i < 10; i++) {
      expect((await refresh(backend, user)).status).toBe(200);
    }
    const refused = await refresh(backend, user);
    expect(refused.status).toBe(429);
    expect(refused.body.error.name).toBe('TooManyRequestsError');
    expect(refused.body.error.message).toMatch(
      /10 live refreshes in a minute.*try again in \d+ seconds/,
    );
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.error.message).toContain(`in ${retryAfter} seconds`);
    expect(locator.locate).toHaveBeenCalledTimes(10);

    // Someone else still has their own budget.
    expect((await refresh(backend, `${user}-other`)).status).toBe(200);
  });

  it('shares one budget between two replicas on one Redis', async () => {
    const refreshLimit = { requests: 3, window: { hours: 1 } };
    const first = await startReplica({ refreshLimit, cache: redisCache() });
    const second = await startReplica({ refreshLimit, cache: redisCache() });
    const user = `user:default/sam-${randomUUID()}`;

    expect((await refresh(first, user)).status).toBe(200);
    expect((await refresh(second, user)).status).toBe(200);
    expect((await refresh(first, user)).status).toBe(200);
    const refused = await refresh(second, user);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain(
      '3 live refreshes in 60 minutes',
    );
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await refresh(first, user)).status).toBe(429);
    expect(locator.locate).toHaveBeenCalledTimes(3);
  });

  it('refuses a malformed limit at start-up, naming the key', async () => {
    await expect(
      startReplica({ refreshLimit: { requests: 0 } }),
    ).rejects.toThrow(/shipyard\.aws\.refreshLimit\.requests/);
  });
});
