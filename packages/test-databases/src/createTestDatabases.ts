import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from './testDatabaseIds';

/**
 * `TestDatabases` for PostgreSQL 15 and SQLite; use with
 * `it.each(databases.eachSupportedId())` so that every database test runs on both.
 */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: testDatabaseIds() });
}
