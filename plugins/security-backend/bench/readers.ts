/*
 * Benchmark: the Security page's API with `readers` concurrent readers, on
 * SQLite and PostgreSQL, with about 10,000 GuardDuty findings across the
 * three demo environments. A page load is what the Security page asks for
 * first, at once: GET /api/security/overview?days=30 and the first page of
 * findings, GET /api/security/findings?offset=0&limit=50. Measured as the
 * SRE (sam.okafor: every finding, decided outright) and as a developer
 * (ana.lima, team-storefront: security.findings.read decided per component
 * by owner, her team's findings only).
 *
 * Per database: the collector's first sync stores the sandbox's findings
 * (findingsScale chosen for `findings`), then the portal starts: the real
 * catalog backend with the demo organisation, the real permission backend
 * with Shipyard's policy, and the security plugin on the scratch database,
 * behind the backend's root HTTP router middleware (helmet, cors,
 * compression). Each request is first timed alone (`--solo` one after the
 * other); then the readers run in a child process (bench/pageReaders.mjs)
 * for `seconds` after 3 s of warm-up.
 *
 *   yarn bench:readers [--findings 10000] [--readers 50] [--seconds 20]
 *     [--solo 10] [--databases sqlite,pg] [--personas sre,developer]
 *
 * PostgreSQL: 127.0.0.1:5432 as postgres unless PGHOST/PGPORT/PGUSER/
 * PGPASSWORD say otherwise; a scratch database is created and dropped.
 */
import {
  BackstageUserInfo,
  coreServices,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import permissionBackend from '@backstage/plugin-permission-backend';
import { pluginActorAuthServiceFactory } from '@internal/backend-test-helpers';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import { readSecurityCollectorConfig } from '../src/collectors/readSecurityCollectorConfig';
import { syncFindings } from '../src/collectors/syncFindings';
import { applyDatabaseMigrations } from '../src/database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../src/database/DefaultSecurityStore';
import securityPlugin from '../src';

type DatabaseKind = 'sqlite' | 'pg';

const SRE = 'user:default/sam.okafor';
const DEVELOPER = 'user:default/ana.lima';
/** The default scenario's findings in its two detectors at findingsScale 1. */
const FINDINGS_AT_SCALE_1 = 42;
const MINUTE = 60_000;
const PAGE = [
  '/api/security/overview?days=30',
  '/api/security/findings?offset=0&limit=50',
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const round = (x: number, digits = 1) =>
  Math.round(x * 10 ** digits) / 10 ** digits;

function machine(): string {
  return `${os.cpus().length} cores, ${Math.round(
    os.totalmem() / 2 ** 30,
  )} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map(l => l.toFixed(1))
    .join('/')}`;
}

/** A scratch database of the given kind, with the plugin's migrations applied. */
async function createScratchDatabase(kind: DatabaseKind) {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-security-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'security.sqlite') },
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    return {
      knex,
      async drop() {
        await knex.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
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
  const name = `bench_security_${process.pid}_${Date.now().toString(36)}`;
  await admin.raw('CREATE DATABASE ??', [name]);
  // knex's default pool (2..10), as one backend replica has.
  const knex = knexFactory({
    client: 'pg',
    connection: { ...connection, database: name },
  });
  const drop = async () => {
    await knex.destroy();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    await admin.destroy();
  };
  try {
    await applyDatabaseMigrations(knex);
  } catch (error) {
    await drop();
    throw error;
  }
  return { knex, drop };
}

/** How long the backend's user info service keeps a token's answer (CachedUserInfoService). */
const USER_INFO_TTL_MS = 5_000;

/**
 * User info as sign-in gives it (the user and the groups the catalog says
 * they are a member of), kept per user for 5 s as the backend's own user
 * info service keeps each token's: the policy asks for it on every decision,
 * and production does not read the catalog for each.
 */
const cachedCatalogUserInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory: ({ catalog, auth }) => {
    const cache = new Map<
      string,
      { expiresAt: number; info: Promise<BackstageUserInfo> }
    >();
    const load = async (userEntityRef: string) => {
      const user = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const groups = (user?.relations ?? [])
        .filter(r => r.type === 'memberOf')
        .map(r => r.targetRef);
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
    };
    return {
      async getUserInfo(credentials) {
        const principal = credentials.principal as { userEntityRef?: string };
        if (!principal.userEntityRef) {
          throw new Error('User info is only available for users');
        }
        const now = Date.now();
        let entry = cache.get(principal.userEntityRef);
        if (!entry || entry.expiresAt <= now) {
          entry = {
            expiresAt: now + USER_INFO_TTL_MS,
            info: load(principal.userEntityRef),
          };
          cache.set(principal.userEntityRef, entry);
        }
        return entry.info;
      },
    };
  },
});

/**
 * The findingsScale that gives about `findings` findings: each draw of the
 * scenario's findings has its own count, so one probe at the first guess
 * corrects it.
 */
async function findingsScaleFor(findings: number): Promise<number> {
  const guess = Math.max(1, Math.round(findings / FINDINGS_AT_SCALE_1));
  const probe = await createSandboxServer({ port: 0, findingsScale: guess });
  try {
    const total = heldFindings(probe);
    return Math.max(1, Math.round((guess * findings) / total));
  } finally {
    await probe.close();
  }
}

function heldFindings(
  server: Awaited<ReturnType<typeof createSandboxServer>>,
): number {
  return [
    ['111111111111', 'eu-west-1'],
    ['222222222222', 'eu-west-1'],
  ].reduce(
    (n, [accountId, region]) =>
      n + server.state.securityFindings.list(accountId, region).length,
    0,
  );
}

/**
 * The portal: the real catalog backend with the demo organisation and
 * components, the real permission backend with Shipyard's policy, and the
 * security plugin on `knex`, served on 127.0.0.1 behind the middleware the
 * backend's root HTTP router puts in front of every plugin. Resolves once
 * the catalog holds the components and the users' memberships.
 */
async function startPortal(
  portalConfig: ReturnType<typeof sandboxPortalConfig>,
  knex: Knex,
  closers: Array<() => Promise<unknown>>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-security-catalog-'));
  closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const catalogKnex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'catalog.sqlite') },
    useNullAsDefault: true,
  });
  closers.push(() => catalogKnex.destroy());
  const repoCatalog = path.resolve(__dirname, '../../../catalog');
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          ...portalConfig,
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: true },
          catalog: {
            rules: [
              { allow: ['Component', 'Resource', 'Location', 'User', 'Group'] },
            ],
            locations: ['components.yaml', 'org.yaml'].map(file => ({
              type: 'file',
              target: path.join(repoCatalog, file),
            })),
          },
        },
      }),
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }): DatabaseService => {
          const own = plugin.getId() === 'security';
          return {
            getClient: async () => (own ? knex : catalogKnex),
            migrations: { skip: own },
          };
        },
      }),
      // The collector runs only when the benchmark syncs.
      mockServices.scheduler.factory(),
      cachedCatalogUserInfoFactory,
      pluginActorAuthServiceFactory,
      catalogBackend,
      permissionBackend,
      shipyardPolicyModule,
      securityPlugin,
    ],
  });
  closers.push(() => backend.stop());
  const config = new ConfigReader(portalConfig);
  const logger = mockServices.rootLogger({ level: 'warn' });
  const middleware = MiddlewareFactory.create({ config, logger });
  const app = express();
  app.use(middleware.helmet());
  app.use(middleware.cors());
  app.use(middleware.compression());
  // The test backend's app: its routes, not-found and error handlers.
  app.use(backend.server.listeners('request')[0] as express.Handler);
  const front = http.createServer(app);
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise(resolve => front.close(resolve)));
  const { port } = front.address() as net.AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const serviceAuth = mockCredentials.service.header();
  const deadline = Date.now() + 10 * MINUTE;
  for (;;) {
    const [component, user] = await Promise.all(
      ['component/default/checkout-api', 'user/default/ana.lima'].map(ref =>
        fetch(`${baseUrl}/api/catalog/entities/by-name/${ref}`, {
          headers: { authorization: serviceAuth },
        }),
      ),
    );
    const member =
      user.ok &&
      (await user.json()).relations?.some(
        (r: { type: string }) => r.type === 'memberOf',
      );
    if (component.ok && member) {
      return baseUrl;
    }
    if (Date.now() > deadline) {
      throw new Error('The catalog was not ingested in 10 minutes');
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** `n` page loads one after the other: each request's median and body size. */
async function solo(baseUrl: string, token: string, n: number) {
  const result: Record<string, unknown> = {};
  for (const url of PAGE) {
    const ms: number[] = [];
    let bytes = 0;
    let status = 0;
    let totalCount: number | undefined;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const res = await fetch(`${baseUrl}${url}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await res.text();
      ms.push(performance.now() - t);
      bytes = body.length;
      status = res.status;
      totalCount = res.ok ? JSON.parse(body).totalCount : undefined;
    }
    ms.sort((a, b) => a - b);
    result[url] = {
      status,
      medianMs: round(ms[Math.ceil(ms.length / 2) - 1]),
      bodyBytes: bytes,
      ...(totalCount !== undefined ? { totalCount } : {}),
    };
  }
  return result;
}

async function readers(
  baseUrl: string,
  token: string,
  concurrency: number,
  seconds: number,
) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(__dirname, 'pageReaders.mjs'),
      token,
      String(concurrency),
      String(seconds),
      '3',
      ...PAGE.map(url => `${baseUrl}${url}`),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout);
}

async function run(
  kind: DatabaseKind,
  options: {
    findingsScale: number;
    concurrency: number;
    seconds: number;
    soloRuns: number;
  },
) {
  const server = await createSandboxServer({
    port: 0,
    findingsScale: options.findingsScale,
  });
  const portalConfig = sandboxPortalConfig(server, { maxAttempts: 10 });
  const config = new ConfigReader(portalConfig);
  const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
    counter: DefaultAwsCallCounter.create(),
  });
  const database = await createScratchDatabase(kind);
  const closers: Array<() => Promise<unknown>> = [];
  try {
    let t = performance.now();
    const sync = await syncFindings({
      environments: DefaultShipyardEnvironments.fromConfig(config),
      clientFactory,
      store: DefaultSecurityStore.create({ knex: database.knex }),
      logger: mockServices.rootLogger({ level: 'warn' }),
      config: { tagKeys: readSecurityCollectorConfig(config).tagKeys },
    });
    if (sync.failures.length) {
      throw new Error(`The sync failed: ${sync.failures.join('; ')}`);
    }
    const syncSeconds = round((performance.now() - t) / 1000);
    t = performance.now();
    const baseUrl = await startPortal(portalConfig, database.knex, closers);
    const portalSeconds = round((performance.now() - t) / 1000);
    const result: Record<string, unknown> = {
      setup: {
        findingsInGuardDuty: heldFindings(server),
        stored: sync.detectors.reduce((n, d) => n + d.stored, 0),
        syncSeconds,
        portalSeconds,
      },
    };
    for (const [name, user] of Object.entries({
      sre: SRE,
      developer: DEVELOPER,
    })) {
      const token = mockCredentials.user.token(user);
      const alone = await solo(baseUrl, token, options.soloRuns);
      console.error(JSON.stringify({ database: kind, name, alone }));
      const load = await readers(
        baseUrl,
        token,
        options.concurrency,
        options.seconds,
      );
      console.error(JSON.stringify({ database: kind, name, load }));
      result[name] = {
        user,
        [`alone (median of ${options.soloRuns})`]: alone,
        [`${options.concurrency} readers for ${options.seconds} s`]: load,
      };
    }
    return result;
  } finally {
    for (const close of closers.reverse()) {
      await close();
    }
    clientFactory.destroy();
    await database.drop();
    await server.close();
  }
}

async function main() {
  const options = {
    findingsScale: await findingsScaleFor(arg('findings', 10_000)),
    concurrency: arg('readers', 50),
    seconds: arg('seconds', 20),
    soloRuns: arg('solo', 10),
  };
  const results: Record<string, unknown> = {};
  for (const kind of stringArg('databases', 'sqlite,pg').split(
    ',',
  ) as DatabaseKind[]) {
    results[kind] = await run(kind, options);
  }
  console.log(
    JSON.stringify(
      {
        benchmark: `Security page API (overview + first findings page), ${options.concurrency} concurrent readers`,
        machine: machine(),
        findingsScale: options.findingsScale,
        results,
      },
      null,
      2,
    ),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
