import { execFileSync } from 'node:child_process';

/**
 * The machine's PostgreSQL and Redis, which the replicas share, reached with their own CLIs
 * (psql, redis-cli): the e2e package has no database client of its own, and the test reads
 * exactly what an operator would.
 */

/** The PostgreSQL server the backend tests use (scripts/test.sh sets this variable). */
const postgresUrl = new URL(
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432',
);

/** Where the replicas' cache lives. */
export const redisUrl =
  process.env.SHIPYARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The connection the backend config gets for `database`. */
export function postgresConnection(database: string) {
  return {
    host: postgresUrl.hostname,
    port: Number(postgresUrl.port || 5432),
    user: decodeURIComponent(postgresUrl.username || 'postgres'),
    ...(postgresUrl.password && {
      password: decodeURIComponent(postgresUrl.password),
    }),
    database,
  };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function psql(database: string, sql: string): string {
  const { host, port, user, password } = postgresConnection(database);
  return execFileSync(
    'psql',
    [
      '-h',
      host,
      '-p',
      String(port),
      '-U',
      user,
      '-d',
      database,
      '-X',
      '-A',
      '-t',
      '-F',
      '\t',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, ...(password && { PGPASSWORD: password }) },
    },
  );
}

/** Rows of a query as arrays of column texts (psql's unaligned output). */
export function queryPostgres(database: string, sql: string): string[][] {
  return psql(database, sql)
    .split('\n')
    .filter(line => line.length > 0)
    .map(line => line.split('\t'));
}

export function createPostgresDatabase(name: string) {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`not a plain database name: ${name}`);
  }
  psql('postgres', `CREATE DATABASE ${name}`);
}

export function dropPostgresDatabase(name: string) {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`not a plain database name: ${name}`);
  }
  psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

function redisCli(args: string[]): string {
  return execFileSync('redis-cli', ['-u', redisUrl, ...args], {
    encoding: 'utf8',
  });
}

/** The keys under `prefix` (SCAN, so a busy Redis is not blocked). */
export function redisKeys(prefix: string): string[] {
  return redisCli(['--scan', '--pattern', `${prefix}*`])
    .split('\n')
    .filter(key => key.length > 0);
}

export function deleteRedisKeys(prefix: string) {
  const keys = redisKeys(prefix);
  for (let i = 0; i < keys.length; i += 100) {
    redisCli(['UNLINK', ...keys.slice(i, i + 100)]);
  }
}
