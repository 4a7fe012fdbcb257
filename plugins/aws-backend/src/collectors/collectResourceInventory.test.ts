import { sandboxPortalConfig } from 'sandbox';
import { createTestDatabases } from '@internal/test-databases';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocatedResources } from '@internal/plugin-aws-common';
import {
  AwsServiceUnavailableError,
  DefaultShipyardEnvironments,
  LocatableComponent,
} from '@internal/plugin-aws-node';
import { DefaultComponentResourcesStore } from '../database/DefaultComponentResourcesStore';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { readComponentResources } from '../database/operations/readComponentResources';
import { upsertComponentResources } from '../database/operations/upsertComponentResources';
import { collectResourceInventory } from './collectResourceInventory';

/** The demo environments and their sandbox credentials, as app-config.yaml has them. */
const demoEnvironmentsConfig = sandboxPortalConfig();

jest.setTimeout(60_000);

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-storefront',
    },
  };
}

const entities = [
  component('catalog-api', { 'shipyard.io/runtime': 'ecs' }),
  component('freight-quote-api', {
    'shipyard.io/runtime': 'eks',
    'shipyard.io/environments': 'staging,prod',
    'shipyard.io/component-tag': 'freight-quote',
  }),
  component('legacy-batch', { 'shipyard.io/runtime': 'lambda' }),
  component('docs-site', {}),
];

function fakeLocated(
  components: LocatableComponent[],
  environment: string,
): Map<string, LocatedResources> {
  return new Map(
    components.map(c => [
      c.componentTagValue,
      {
        environment,
        componentTagValue: c.componentTagValue,
        ecsServices:
          c.runtime === 'ecs'
            ? [
                {
                  arn: `arn:aws:ecs:eu-west-1:111111111111:service/${environment}-apps/${c.componentTagValue}`,
                  cluster: `${environment}-apps`,
                  name: c.componentTagValue,
                  accountId: '111111111111',
                  region: 'eu-west-1',
                },
              ]
            : [],
        eksWorkloads: [],
        targetGroups: [],
        alarms: [],
      },
    ]),
  );
}

describe('collectResourceInventory', () => {
  const databases = createTestDatabases();
  const environments = DefaultShipyardEnvironments.fromConfig(
    new ConfigReader(demoEnvironmentsConfig),
  );

  it.each(databases.eachSupportedId())(
    'stores every runtime component in the environments it runs in, with one lookup per environment, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const locator = {
        locateMany: jest.fn(async (c, e) => fakeLocated(c, e)),
      };

      await collectResourceInventory({
        auth: mockServices.auth(),
        catalog: catalogServiceMock({ entities }),
        environments,
        locator,
        store: DefaultComponentResourcesStore.create({ knex }),
        logger: mockServices.logger.mock(),
      });

      expect(locator.locateMany.mock.calls.map(c => [c[1], c[0]])).toEqual([
        ['dev', [{ componentTagValue: 'catalog-api', runtime: 'ecs' }]],
        [
          'staging',
          [
            { componentTagValue: 'catalog-api', runtime: 'ecs' },
            { componentTagValue: 'freight-quote', runtime: 'eks' },
          ],
        ],
        [
          'prod',
          [
            { componentTagValue: 'catalog-api', runtime: 'ecs' },
            { componentTagValue: 'freight-quote', runtime: 'eks' },
          ],
        ],
      ]);

      const rows = await knex('component_resources')
        .select('component_ref', 'environment', 'component_tag')
        .orderBy(['component_ref', 'environment']);
      expect(rows).toEqual([
        {
          component_ref: 'component:default/catalog-api',
          environment: 'dev',
          component_tag: 'catalog-api',
        },
        {
          component_ref: 'component:default/catalog-api',
          environment: 'prod',
          component_tag: 'catalog-api',
        },
        {
          component_ref: 'component:default/catalog-api',
          environment: 'staging',
          component_tag: 'catalog-api',
        },
        {
          component_ref: 'component:default/freight-quote-api',
          environment: 'prod',
          component_tag: 'freight-quote',
        },
        {
          component_ref: 'component:default/freight-quote-api',
          environment: 'staging',
          component_tag: 'freight-quote',
        },
      ]);
      const prod = await readComponentResources(knex, {
        componentRef: 'component:default/catalog-api',
        environment: 'prod',
      });
      expect(prod?.ecsServices.map(s => s.cluster)).toEqual(['prod-apps']);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'removes rows of components that are gone, keeps a failed environment and throws naming it, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const old = new Date(Date.now() - 3_600_000);
      const previous = (name: string, environment: string) => ({
        componentRef: `component:default/${name}`,
        environment,
        componentTagValue: name,
        ecsServices: [],
        eksWorkloads: [],
        targetGroups: [],
        alarms: [],
        collectedAt: old,
      });
      await upsertComponentResources(knex, [
        previous('retired-api', 'dev'),
        previous('retired-api', 'prod'),
        previous('catalog-api', 'prod'),
      ]);

      const locator = {
        locateMany: jest.fn(async (c: LocatableComponent[], e: string) => {
          if (e === 'prod') {
            throw new AwsServiceUnavailableError(
              'AWS throttled ResourceGroupsTaggingAPI:GetResources in account 222222222222',
              { retryAfterSeconds: 5, awsErrorName: 'ThrottledException' },
            );
          }
          return fakeLocated(c, e);
        }),
      };

      const run = collectResourceInventory({
        auth: mockServices.auth(),
        catalog: catalogServiceMock({ entities }),
        environments,
        locator,
        store: DefaultComponentResourcesStore.create({ knex }),
        logger: mockServices.logger.mock(),
      });
      await expect(run).rejects.toThrow(
        /Could not collect the resources of prod \(prod: .*throttled.*\); stored dev, staging/,
      );

      const read = (name: string, environment: string) =>
        readComponentResources(knex, {
          componentRef: `component:default/${name}`,
          environment,
        });
      await expect(read('retired-api', 'dev')).resolves.toBeUndefined();
      // prod failed: what was there stays until a run succeeds there.
      await expect(read('retired-api', 'prod')).resolves.toBeDefined();
      await expect(read('catalog-api', 'prod')).resolves.toMatchObject({
        collectedAt: old,
      });
      await expect(read('catalog-api', 'dev')).resolves.toMatchObject({
        ecsServices: [expect.objectContaining({ cluster: 'dev-apps' })],
      });

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores nothing for a component that claims a tag value another component holds, and removes its previous rows, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await upsertComponentResources(knex, [
        {
          componentRef: 'component:default/basket-api',
          environment: 'dev',
          componentTagValue: 'catalog-api',
          ecsServices: [],
          eksWorkloads: [],
          targetGroups: [],
          alarms: [],
          collectedAt: new Date(Date.now() - 3_600_000),
        },
      ]);
      const locator = {
        locateMany: jest.fn(async (c, e) => fakeLocated(c, e)),
      };

      await collectResourceInventory({
        auth: mockServices.auth(),
        catalog: catalogServiceMock({
          entities: [
            component('basket-api', {
              'shipyard.io/runtime': 'ecs',
              'shipyard.io/component-tag': 'catalog-api',
            }),
            component('catalog-api', { 'shipyard.io/runtime': 'ecs' }),
          ],
        }),
        environments,
        locator,
        store: DefaultComponentResourcesStore.create({ knex }),
        logger: mockServices.logger.mock(),
      });

      expect(locator.locateMany.mock.calls.map(c => c[0])).toEqual([
        [{ componentTagValue: 'catalog-api', runtime: 'ecs' }],
        [{ componentTagValue: 'catalog-api', runtime: 'ecs' }],
        [{ componentTagValue: 'catalog-api', runtime: 'ecs' }],
      ]);
      const rows = await knex('component_resources')
        .select('component_ref', 'environment')
        .orderBy(['component_ref', 'environment']);
      expect(rows).toEqual([
        { component_ref: 'component:default/catalog-api', environment: 'dev' },
        { component_ref: 'component:default/catalog-api', environment: 'prod' },
        {
          component_ref: 'component:default/catalog-api',
          environment: 'staging',
        },
      ]);

      await knex.destroy();
    },
  );
});
