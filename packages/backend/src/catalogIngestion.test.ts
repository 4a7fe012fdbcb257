import { createTestDatabases } from '@internal/test-databases';
import { resolve as resolvePath } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventually } from '@internal/backend-test-helpers';
import {
  CatalogError,
  catalogErrorCollector,
} from './__testUtils__/catalogErrorCollector';

jest.setTimeout(60_000);

const fixture = resolvePath(
  __dirname,
  '__fixtures__/ingestion/catalog-info.yaml',
);

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

      const valid = await eventually(
        'the valid entity in the catalog',
        async () => {
          const res = await get(
            '/entities/by-name/component/default/branch-inventory-worker',
          );
          return res.ok ? res.json() : undefined;
        },
      );
      expect(valid.spec.owner).toBe('team-storefront');
      expect(valid.status?.items ?? []).toEqual([]);

      const reported = await eventually(
        'the malformed entity reported',
        async () =>
          errors.find(
            e => e.entity === 'component:default/half-written-service',
          ),
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
