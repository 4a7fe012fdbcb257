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
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  BenchPortal,
  createScratchDatabase,
  ScratchDatabaseKind,
  startBenchPortal,
} from '@internal/backend-test-helpers';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import { Knex } from 'knex';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import { readSecurityCollectorConfig } from '../src/collectors/readSecurityCollectorConfig';
import { syncFindings } from '../src/collectors/syncFindings';
import { applyDatabaseMigrations } from '../src/database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../src/database/DefaultSecurityStore';
import securityPlugin from '../src';

const SRE = 'user:default/sam.okafor';
const DEVELOPER = 'user:default/ana.lima';
/** The default scenario's findings in its two detectors at findingsScale 1. */
const FINDINGS_AT_SCALE_1 = 42;
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
 * security plugin on `knex`. Resolves once the catalog holds the components
 * and the users' memberships.
 */
function startPortal(
  portalConfig: ReturnType<typeof sandboxPortalConfig>,
  knex: Knex,
) {
  const repoCatalog = path.resolve(__dirname, '../../../catalog');
  return startBenchPortal({
    config: { ...portalConfig, app: { baseUrl: 'http://localhost:3000' } },
    pluginId: 'security',
    knex,
    catalogFiles: Object.fromEntries(
      ['components.yaml', 'org.yaml'].map(file => [
        file,
        fs.readFileSync(path.join(repoCatalog, file), 'utf8'),
      ]),
    ),
    features: [
      catalogBackend,
      permissionBackend,
      shipyardPolicyModule,
      securityPlugin,
    ],
    async catalogReady(get) {
      const [component, user] = await Promise.all([
        get('/entities/by-name/component/default/checkout-api'),
        get('/entities/by-name/user/default/ana.lima'),
      ]);
      const member = user?.relations?.some(
        (r: { type: string }) => r.type === 'memberOf',
      );
      return Boolean(component && member);
    },
  });
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
  kind: ScratchDatabaseKind,
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
  const database = await createScratchDatabase({
    kind,
    name: 'security',
    migrate: applyDatabaseMigrations,
  });
  let portal: BenchPortal | undefined;
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
    portal = await startPortal(portalConfig, database.knex);
    const { baseUrl } = portal;
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
    await portal?.stop();
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
  ) as ScratchDatabaseKind[]) {
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
