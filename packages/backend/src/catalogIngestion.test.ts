import { createTestDatabases } from '@internal/test-databases';
import { resolve as resolvePath } from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin, {
  CATALOG_ERRORS_TOPIC,
} from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';

jest.setTimeout(60_000);

const fixture = resolvePath(
  __dirname,
  '__fixtures__/ingestion/catalog-info.yaml',
);

type CatalogError = { entity: string; errors: Array<{ message: string }> };

/** Collects what the catalog reports on its processing-errors topic. */
function catalogErrorCollector(received: CatalogError[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(reg) {
      reg.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-error-collector',
            topics: [CATALOG_ERRORS_TOPIC],
            async onEvent({ eventPayload }) {
              received.push(eventPayload as CatalogError);
            },
          });
        },
      });
    },
  });
}

async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const result = await check();
    if (result !== undefined) {
      return result;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('Condition not met within 30 seconds');
}

describe('catalog ingestion of a file with a malformed entity', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'ingests the valid entity and reports the malformed one, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const errors: CatalogError[] = [];
      const backend = await startTestBackend({
        features: [
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Location'] }],
                locations: [{ type: 'file', target: fixture }],
              },
            },
          }),
          catalogPlugin,
          catalogErrorCollector(errors),
        ],
      });
      const catalogUrl = `http://localhost:${backend.server.port()}/api/catalog`;
      const get = (path: string) =>
        fetch(`${catalogUrl}${path}`, {
          headers: { authorization: mockCredentials.user.header() },
        });

      const valid = await eventually(async () => {
        const res = await get(
          '/entities/by-name/component/default/branch-inventory-worker',
        );
        return res.ok ? res.json() : undefined;
      });
      expect(valid.spec.owner).toBe('team-storefront');
      expect(valid.status?.items ?? []).toEqual([]);

      const reported = await eventually(async () =>
        errors.find(e => e.entity === 'component:default/half-written-service'),
      );
      expect(reported.errors.map(e => e.message).join('\n')).toMatch(
        /required property 'owner'/,
      );

      // It stays out of the catalog, and the file it came from is not blamed for it.
      expect(
        (await get('/entities/by-name/component/default/half-written-service'))
          .status,
      ).toBe(404);
      expect(new Set(errors.map(e => e.entity))).toEqual(
        new Set(['component:default/half-written-service']),
      );

      // The error is recorded in this database, so every replica sees it.
      const [row] = await knex('refresh_state')
        .where({ entity_ref: 'component:default/half-written-service' })
        .select('errors');
      expect(JSON.parse(row.errors)).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/required property 'owner'/),
        }),
      ]);

      await backend.stop();
    },
  );
});
