import { testDatabaseIds } from './testDatabaseIds';

describe('testDatabaseIds', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('runs on PostgreSQL and SQLite when PostgreSQL is configured', () => {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      'postgresql://postgres@127.0.0.1:5432';
    delete process.env.SHIPYARD_SKIP_POSTGRES_TESTS;
    expect(testDatabaseIds()).toEqual(['POSTGRES_15', 'SQLITE_3']);
  });

  it('refuses to drop PostgreSQL silently', () => {
    delete process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
    delete process.env.SHIPYARD_SKIP_POSTGRES_TESTS;
    expect(() => testDatabaseIds()).toThrow(
      /set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.*or SHIPYARD_SKIP_POSTGRES_TESTS=1/,
    );
  });

  it('runs on SQLite only when told to skip PostgreSQL', () => {
    delete process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
    process.env.SHIPYARD_SKIP_POSTGRES_TESTS = '1';
    expect(testDatabaseIds()).toEqual(['SQLITE_3']);
  });
});
