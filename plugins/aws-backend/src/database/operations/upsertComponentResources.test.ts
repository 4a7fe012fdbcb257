import { createTestDatabases } from '@internal/test-databases';
import { StoredComponentResources } from '../StoredComponentResources';
import { applyDatabaseMigrations } from '../applyDatabaseMigrations';
import { readComponentResources } from './readComponentResources';
import { upsertComponentResources } from './upsertComponentResources';

jest.setTimeout(60_000);

const catalogApiProd: StoredComponentResources = {
  componentRef: 'component:default/catalog-api',
  environment: 'prod',
  componentTagValue: 'catalog-api',
  ecsServices: [
    {
      arn: 'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/catalog-api',
      cluster: 'prod-apps',
      name: 'catalog-api',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
  eksWorkloads: [],
  targetGroups: [
    {
      arn: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/catalog-api-prod/0123456789abcdef',
      name: 'catalog-api-prod',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
  alarms: [alarm('catalog-api-prod-5xx')],
  collectedAt: new Date('2026-06-01T10:00:00.000Z'),
};

function alarm(name: string) {
  return {
    arn: `arn:aws:cloudwatch:eu-west-1:222222222222:alarm:${name}`,
    name,
    accountId: '222222222222',
    region: 'eu-west-1',
  };
}

describe('upsertComponentResources', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'inserts, then replaces the row of the same component and environment, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      await upsertComponentResources(knex, [
        catalogApiProd,
        { ...catalogApiProd, environment: 'dev', alarms: [] },
      ]);
      await upsertComponentResources(knex, [
        {
          ...catalogApiProd,
          ecsServices: [],
          alarms: [alarm('catalog-api-prod-latency')],
          collectedAt: new Date('2026-06-01T10:10:00.000Z'),
        },
      ]);

      const prod = await readComponentResources(knex, {
        componentRef: 'component:default/catalog-api',
        environment: 'prod',
      });
      expect(prod).toEqual({
        ...catalogApiProd,
        ecsServices: [],
        alarms: [alarm('catalog-api-prod-latency')],
        collectedAt: new Date('2026-06-01T10:10:00.000Z'),
      });
      const dev = await readComponentResources(knex, {
        componentRef: 'component:default/catalog-api',
        environment: 'dev',
      });
      expect(dev?.ecsServices).toEqual(catalogApiProd.ecsServices);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'writes more rows than fit in one statement, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      const many = Array.from({ length: 1234 }, (_, i) => ({
        ...catalogApiProd,
        componentRef: `component:default/catalog-api-${i}`,
      }));
      await upsertComponentResources(knex, many);
      await upsertComponentResources(knex, many);

      const [{ n }] = await knex('component_resources').count({ n: '*' });
      expect(Number(n)).toBe(1234);

      await knex.destroy();
    },
  );
});
