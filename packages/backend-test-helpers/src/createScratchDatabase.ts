import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The databases Shipyard runs on: SQLite on a laptop, PostgreSQL in production. */
export type ScratchDatabaseKind = 'sqlite' | 'pg';

/** A database of its own for one benchmark run, removed by `drop()`. */
export interface ScratchDatabase {
  kind: ScratchDatabaseKind;
  /** The first pool, the one `migrate` ran on. */
  knex: Knex;
  /**
   * Another pool on the same database, as a second backend replica has;
   * `drop()` destroys it too.
   */
  connect(): Knex;
  /** Destroys every pool and deletes the database (the SQLite file, or the PostgreSQL database). */
  drop(): Promise<void>;
}

/**
 * A scratch database of `kind` for benchmarks, which measure a plugin on a
 * database as the backend gives it (a file, or a PostgreSQL server) rather
 * than the in-memory SQLite of unit tests: a SQLite file in a temporary
 * folder, or a PostgreSQL database created for the run on 127.0.0.1:5432 as
 * postgres unless PGHOST/PGPORT/PGUSER/PGPASSWORD say otherwise. `name`
 * names the folder or database (`bench_<name>_...`); `migrate` runs on the
 * first pool, and the database is dropped again if it fails.
 */
export async function createScratchDatabase(options: {
  kind: ScratchDatabaseKind;
  name: string;
  migrate?: (knex: Knex) => Promise<void>;
}): Promise<ScratchDatabase> {
  const { kind, name, migrate } = options;
  const pools: Knex[] = [];
  let remove: () => Promise<void>;
  let config: Knex.Config;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
    config = {
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, `${name}.sqlite`) },
      useNullAsDefault: true,
    };
    remove = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const connection = {
      host: process.env.PGHOST ?? '127.0.0.1',
      port: Number(process.env.PGPORT ?? 5432),
      user: process.env.PGUSER ?? 'postgres',
      ...(process.env.PGPASSWORD ? { password: process.env.PGPASSWORD } : {}),
    };
    const admin = knexFactory({
      client: 'pg',
      connection: { ...connection, database: 'postgres' },
    });
    const database = `bench_${name}_${process.pid}_${Date.now().toString(36)}`;
    await admin.raw('CREATE DATABASE ??', [database]);
    // knex's default pool (2..10), as one backend replica has.
    config = { client: 'pg', connection: { ...connection, database } };
    remove = async () => {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      await admin.destroy();
    };
  }
  const connect = () => {
    const pool = knexFactory(config);
    pools.push(pool);
    return pool;
  };
  const scratch: ScratchDatabase = {
    kind,
    knex: connect(),
    connect,
    async drop() {
      await Promise.all(pools.map(pool => pool.destroy()));
      await remove();
    },
  };
  try {
    await migrate?.(scratch.knex);
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  return scratch;
}
