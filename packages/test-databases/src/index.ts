export { createTestDatabases } from './createTestDatabases';
export { testDatabaseIds } from './testDatabaseIds';
