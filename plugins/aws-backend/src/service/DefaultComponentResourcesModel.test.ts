import { sandboxPortalConfig } from 'sandbox';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DefaultShipyardEnvironments,
  RecordedCollectorRun,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import { readResourceInventorySchedule } from '../collectors/readResourceInventorySchedule';
import { StoredComponentResources } from '../database/StoredComponentResources';
import { DefaultComponentResourcesModel } from './DefaultComponentResourcesModel';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    namespace: 'default',
    annotations: {
      'shipyard.io/runtime': 'ecs',
      'shipyard.io/component-tag': 'checkout',
      'shipyard.io/environments': 'prod,dev',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-storefront',
    system: 'storefront',
  },
};

/** The model as plugin.ts builds it, from a config that changes the defaults. */
function createModel(options: {
  config: object;
  stored?: StoredComponentResources[];
  lastRunStartedAt?: Date;
}) {
  const base = sandboxPortalConfig();
  const config = new ConfigReader({
    ...base,
    shipyard: { ...base.shipyard, ...options.config },
  });
  return DefaultComponentResourcesModel.create({
    store: {
      upsert: jest.fn(),
      deleteCollectedBefore: jest.fn(),
      get: async ({ componentRef, environment }) =>
        options.stored?.find(
          s => s.componentRef === componentRef && s.environment === environment,
        ),
    },
    runStore: {
      listLatestRuns: async (): Promise<
        Record<string, RecordedCollectorRun[]>
      > =>
        options.lastRunStartedAt
          ? {
              'resource-inventory': [
                {
                  id: '1',
                  collectorId: 'resource-inventory',
                  startedAt: options.lastRunStartedAt,
                  finishedAt: options.lastRunStartedAt,
                  status: 'succeeded',
                  calls: [],
                },
              ],
            }
          : {},
    },
    catalog: catalogServiceMock({ entities: [checkout] }),
    environments: DefaultShipyardEnvironments.fromConfig(config),
    locator: { locate: jest.fn() },
    tagKeys: readShipyardTagKeys(config),
    collectionFrequency: readResourceInventorySchedule(config).frequency,
  });
}

const entityRef = {
  kind: 'component',
  namespace: 'default',
  name: 'checkout-api',
};

describe('DefaultComponentResourcesModel', () => {
  it('answers the configured tag key and when the configured schedule runs next', async () => {
    const model = createModel({
      config: {
        tagKeys: { component: 'acme:service' },
        collectors: { resourceInventory: { frequency: { minutes: 30 } } },
      },
      lastRunStartedAt: new Date('2026-12-01T10:00:00Z'),
    });

    const answer = await model.get({
      entityRef,
      credentials: mockCredentials.user(),
    });

    // Only where it runs, by tier; the tag from config and the annotation.
    expect(answer.items.map(i => i.environment.name)).toEqual(['dev', 'prod']);
    for (const item of answer.items) {
      expect(item.componentTag).toEqual({
        key: 'acme:service',
        value: 'checkout',
      });
      expect(item.nextCollectionAt).toBe('2026-12-01T10:30:00.000Z');
      expect(item.collectedAt).toBeUndefined();
    }
  });

  it("flags a service that carries the component's tag but another owner or system", async () => {
    const service = (name: string, ownerTag?: string, systemTag?: string) => ({
      arn: `arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/${name}`,
      cluster: 'prod-apps',
      name,
      accountId: '222222222222',
      region: 'eu-west-1',
      ...(ownerTag ? { ownerTag } : {}),
      ...(systemTag ? { systemTag } : {}),
    });
    const model = createModel({
      config: {},
      stored: [
        {
          componentRef: 'component:default/checkout-api',
          environment: 'prod',
          componentTagValue: 'checkout',
          collectedAt: new Date('2026-12-01T10:00:00Z'),
          ecsServices: [
            service('checkout', 'team-storefront', 'storefront'),
            service('impostor', 'team-payments', 'storefront'),
            service('untagged'),
          ],
          eksWorkloads: [],
          targetGroups: [],
          alarms: [],
        },
      ],
    });

    const answer = await model.get({
      entityRef,
      environment: 'prod',
      credentials: mockCredentials.user(),
    });

    const [prod] = answer.items;
    expect(prod.ecsServices.map(s => [s.name, s.mismatches])).toEqual([
      ['checkout', undefined],
      [
        'impostor',
        [
          {
            tag: 'shipyard:owner',
            expected: 'team-storefront',
            actual: 'team-payments',
          },
        ],
      ],
      [
        'untagged',
        [
          { tag: 'shipyard:owner', expected: 'team-storefront' },
          { tag: 'shipyard:system', expected: 'storefront' },
        ],
      ],
    ]);
  });

  it('says nothing about the next collection before the collector has run', async () => {
    const model = createModel({ config: {} });
    const answer = await model.get({
      entityRef,
      credentials: mockCredentials.user(),
    });
    expect(answer.items[0].componentTag.key).toBe('shipyard:component');
    expect(answer.items[0].nextCollectionAt).toBeUndefined();
  });

  it('refuses an environment the component does not run in, naming the ones it does', async () => {
    const model = createModel({ config: {} });
    await expect(
      model.get({
        entityRef,
        environment: 'staging',
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(
      'component:default/checkout-api does not run in staging: its shipyard.io/environments annotation lists prod, dev',
    );
  });
});
