import { TestDatabaseId } from '@backstage/backend-test-utils';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const SKIP_ENV = 'SHIPYARD_SKIP_POSTGRES_TESTS';

/**
 * The databases every database test runs on: PostgreSQL 15 and SQLite.
 *
 * `TestDatabases` silently drops PostgreSQL when it has no connection string outside CI, which
 * would let a test pass without ever touching PostgreSQL; this refuses that instead, unless
 * SHIPYARD_SKIP_POSTGRES_TESTS=1 says so explicitly.
 */
export function testDatabaseIds(): TestDatabaseId[] {
  if (process.env[SKIP_ENV] === '1') {
    return ['SQLITE_3'];
  }
  if (!process.env[POSTGRES_ENV]) {
    throw new Error(
      `Database tests run on PostgreSQL and SQLite: set ${POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1:5432), or ${SKIP_ENV}=1 to run them on SQLite only`,
    );
  }
  return ['POSTGRES_15', 'SQLITE_3'];
}
