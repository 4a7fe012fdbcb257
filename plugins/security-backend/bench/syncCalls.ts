/*
 * Benchmark: the security collector's GuardDuty calls and wall time, with an
 * in-process sandbox holding about 10,000 findings across the three demo
 * environments (dev and staging share a detector; prod's DR region has
 * GuardDuty off), on a scratch SQLite file or PostgreSQL database:
 *
 * 1. a full sync on an empty store (the first import);
 * 2. an incremental sync after a few findings changed: some archived in
 *    GuardDuty (updatedAt unchanged, as ArchiveFindings does) and some new
 *    ones (through the sandbox's admin API, updated now);
 * 3. an incremental sync with nothing changed.
 *
 * Calls are counted by operation as the collector's call counter counts
 * them (SDK retries included); wall time includes the in-process sandbox
 * answering, which shares the CPU.
 *
 *   yarn bench:sync [--findings 10000] [--databases sqlite,pg]
 *     [--archive 20] [--add 20]
 *
 * PostgreSQL: 127.0.0.1:5432 as postgres unless PGHOST/PGPORT/PGUSER/
 * PGPASSWORD say otherwise; a scratch database is created and dropped.
 */
import {
  ArchiveFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  createScratchDatabase,
  ScratchDatabaseKind,
} from '@internal/backend-test-helpers';
import { AwsCallCount } from '@internal/plugin-aws-common';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import os from 'node:os';
import {
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { readSecurityCollectorConfig } from '../src/collectors/readSecurityCollectorConfig';
import { syncFindings } from '../src/collectors/syncFindings';
import { applyDatabaseMigrations } from '../src/database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../src/database/DefaultSecurityStore';
import { SecurityStore } from '../src/database/SecurityStore';

/** The default scenario's findings in its two detectors at findingsScale 1. */
const FINDINGS_AT_SCALE_1 = 42;
const MINUTE = 60_000;
const DETECTORS = [
  { accountId: '111111111111', region: 'eu-west-1' },
  { accountId: '222222222222', region: 'eu-west-1' },
  { accountId: '222222222222', region: 'eu-central-1' },
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

function byOperation(calls: AwsCallCount[]) {
  const result: Record<string, number> = {};
  let total = 0;
  for (const c of calls) {
    const key = `${c.service}:${c.operation}`;
    result[key] = (result[key] ?? 0) + c.count + c.retries;
    total += c.count + c.retries;
  }
  return { total, ...result };
}

/** The store with the time its calls take added to `total.ms`. */
function timed(store: SecurityStore, total: { ms: number }): SecurityStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        const began = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          total.ms += performance.now() - began;
        }
      };
    },
  });
}

/** What GuardDuty holds: every finding, and the active ones, per detector. */
function sandboxFindings(server: SandboxServer) {
  let total = 0;
  let active = 0;
  for (const { accountId, region } of DETECTORS) {
    const findings = server.state.securityFindings.list(accountId, region);
    total += findings.length;
    active += findings.filter(f => !f.service.archived).length;
  }
  return { total, active };
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
    const { total } = sandboxFindings(probe);
    return Math.max(1, Math.round((guess * findings) / total));
  } finally {
    await probe.close();
  }
}

async function run(
  kind: ScratchDatabaseKind,
  options: { findingsScale: number; archive: number; add: number },
) {
  let clock = new Date();
  const server = await createSandboxServer({
    port: 0,
    now: () => clock,
    findingsScale: options.findingsScale,
  });
  const config = new ConfigReader(sandboxPortalConfig(server));
  const counter = DefaultAwsCallCounter.create();
  const factory = DefaultAwsClientFactory.fromConfig(config, { counter });
  const database = await createScratchDatabase({
    kind,
    name: 'security',
    migrate: applyDatabaseMigrations,
  });
  // The store, timed: how much of a sync's wall time is the database's.
  const storeTime = { ms: 0 };
  const store = timed(
    DefaultSecurityStore.create({ knex: database.knex }),
    storeTime,
  );
  const environments = DefaultShipyardEnvironments.fromConfig(config);
  const { tagKeys } = readSecurityCollectorConfig(config);
  const logger = mockServices.rootLogger({ level: 'warn' });
  const prod = new GuardDutyClient(
    sandboxClientConfig(server, { accountId: '222222222222' }),
  );

  const sync = async () => {
    counter.reset();
    storeTime.ms = 0;
    const began = performance.now();
    const result = await syncFindings({
      environments,
      clientFactory: factory,
      store,
      logger,
      config: { tagKeys },
      now: () => clock,
    });
    const wallSeconds = round((performance.now() - began) / 1000, 2);
    if (result.failures.length) {
      throw new Error(`The sync failed: ${result.failures.join('; ')}`);
    }
    const totals = result.detectors.reduce(
      (t, d) => ({
        stored: t.stored + d.stored,
        created: t.created + d.created,
        archived: t.archived + d.archived,
      }),
      { stored: 0, created: 0, archived: 0 },
    );
    return {
      wallSeconds,
      storeSeconds: round(storeTime.ms / 1000, 2),
      calls: byOperation(counter.snapshot()),
      ...totals,
      detectors: result.detectors.map(
        d => `${d.accountId}/${d.region} ${d.status}`,
      ),
    };
  };

  try {
    const held = sandboxFindings(server);
    const full = await sync();
    const storedActive = (
      await Promise.all(
        DETECTORS.map(d => store.readActiveIds(d).then(ids => ids.length)),
      )
    ).reduce((a, b) => a + b, 0);

    // A few changes a minute later: archived in GuardDuty (updatedAt left
    // alone) and new findings on prod services.
    clock = new Date(clock.getTime() + MINUTE);
    const { DetectorIds } = await prod.send(new ListDetectorsCommand({}));
    const toArchive = server.state.securityFindings
      .list('222222222222', 'eu-west-1')
      .filter(f => !f.service.archived)
      .slice(0, options.archive)
      .map(f => f.id);
    // ArchiveFindings takes 50 ids a call.
    for (let i = 0; i < toArchive.length; i += 50) {
      await prod.send(
        new ArchiveFindingsCommand({
          DetectorId: DetectorIds![0],
          FindingIds: toArchive.slice(i, i + 50),
        }),
      );
    }
    const components = [
      ...new Set(
        server.scenario.services
          .filter(s => s.environment === 'prod')
          .map(s => s.component),
      ),
    ];
    for (let i = 0; i < options.add; i++) {
      const response = await fetch(
        `${server.url}/_sandbox/guardduty/findings`,
        {
          method: 'POST',
          body: JSON.stringify({
            component: components[i % components.length],
            environment: 'prod',
            region: 'eu-west-1',
            severity: 7 + (i % 30) / 10,
          }),
        },
      );
      if (response.status !== 201) {
        throw new Error(`Adding a finding failed: ${await response.text()}`);
      }
    }
    const incremental = await sync();

    clock = new Date(clock.getTime() + MINUTE);
    const unchanged = await sync();

    return {
      database: kind,
      guardDuty: held,
      full: { ...full, storedActive },
      incremental: {
        changes: { archived: toArchive.length, added: options.add },
        ...incremental,
      },
      unchanged,
    };
  } finally {
    prod.destroy();
    factory.destroy();
    await database.drop();
    await server.close();
  }
}

async function main() {
  const findings = arg('findings', 10_000);
  const databases = stringArg('databases', 'sqlite,pg').split(
    ',',
  ) as ScratchDatabaseKind[];
  const options = {
    findingsScale: await findingsScaleFor(findings),
    archive: arg('archive', 20),
    add: arg('add', 20),
  };
  const results = [];
  for (const kind of databases) {
    results.push(await run(kind, options));
  }
  console.log(
    JSON.stringify(
      { machine: machine(), findingsScale: options.findingsScale, results },
      null,
      2,
    ),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
