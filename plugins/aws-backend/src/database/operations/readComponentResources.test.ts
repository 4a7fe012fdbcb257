import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../applyDatabaseMigrations';
import { readComponentResources } from './readComponentResources';
import { upsertComponentResources } from './upsertComponentResources';

jest.setTimeout(60_000);

describe('readComponentResources', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'reads one component in one environment, undefined otherwise, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      await upsertComponentResources(knex, [
        {
          componentRef: 'component:default/freight-quote-api',
          environment: 'prod',
          componentTagValue: 'freight-quote',
          ecsServices: [],
          eksWorkloads: [
            {
              cluster: 'prod-eks',
              accountId: '222222222222',
              region: 'eu-west-1',
              name: 'freight-quote',
              kind: 'Deployment',
              labelSelector: 'shipyard.io/component=freight-quote',
            },
          ],
          targetGroups: [],
          alarms: [],
          collectedAt: new Date('2026-06-01T10:00:00.000Z'),
        },
      ]);

      await expect(
        readComponentResources(knex, {
          componentRef: 'component:default/freight-quote-api',
          environment: 'prod',
        }),
      ).resolves.toMatchObject({
        componentTagValue: 'freight-quote',
        eksWorkloads: [
          {
            cluster: 'prod-eks',
            name: 'freight-quote',
            labelSelector: 'shipyard.io/component=freight-quote',
          },
        ],
        collectedAt: new Date('2026-06-01T10:00:00.000Z'),
      });
      await expect(
        readComponentResources(knex, {
          componentRef: 'component:default/freight-quote-api',
          environment: 'dev',
        }),
      ).resolves.toBeUndefined();
      await expect(
        readComponentResources(knex, {
          componentRef: 'component:default/catalog-api',
          environment: 'prod',
        }),
      ).resolves.toBeUndefined();

      await knex.destroy();
    },
  );
});
