import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createSandboxServer,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { demoToken } from './__testUtils__/demoSignIn';
import {
  createPostgresDatabase,
  deleteRedisKeys,
  dropPostgresDatabase,
  postgresConnection,
  queryPostgres,
  redisKeys,
  redisUrl,
} from './__testUtils__/sharedServices';
import { screenshotDir } from './__testUtils__/startPortal';
import {
  freePort,
  StartedReplica,
  startReplica,
} from './__testUtils__/startReplica';

/**
 * Production runs several replicas on one PostgreSQL and one Redis (docs/deployment.md,
 * "Two replicas"). This starts two real backend processes that way, against a sandbox, and
 * checks what that promises: scheduled collectors run once per interval across both, what one
 * replica stores and caches the other serves, and when one dies in the middle of a collection
 * the other carries on, with the interrupted run recorded as abandoned.
 *
 * The configuration is the embedded default (app-config.yaml) with PostgreSQL, Redis and short
 * collector intervals on top, not app-config.production.yaml: production refuses the demo
 * sign-in, which is how the test gets user tokens.
 */

jest.setTimeout(240_000);

const RUN_ID = randomBytes(4).toString('hex');
/** A database and a cache namespace of this run's own, removed afterwards. */
const DATABASE = `shipyard_replicas_${RUN_ID}`;
const CACHE_NAMESPACE = `shipyard-replicas-${RUN_ID}`;

const FREQUENCY_MS = 4_000;
/**
 * How long a resource-inventory run may hold the task. A replica killed mid-run holds it this
 * long, until the scheduler's janitor (once a minute on each replica) frees it.
 */
const INVENTORY_TIMEOUT_SECONDS = 8;

const SRE = 'user:default/sam.okafor';
const COMPONENT_PATH = '/api/aws/components/default/component/catalog-api';

function replicaConfig(options: { port: number; sandbox: SandboxServer }) {
  const baseUrl = `http://localhost:${options.port}`;
  const portal = sandboxPortalConfig(options.sandbox);
  return {
    ...portal,
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: options.port },
      cors: { origin: baseUrl },
      // As app-config.production.yaml has it, on one database with a schema per plugin.
      database: {
        client: 'pg',
        connection: postgresConnection(DATABASE),
        pluginDivisionMode: 'schema',
      },
      cache: {
        store: 'redis',
        connection: redisUrl,
        redis: { client: { namespace: CACHE_NAMESPACE } },
      },
      // The resource inventory says which environment it stored, so the test can tell which
      // replica is in the middle of a run.
      logger: {
        overrides: [{ matchers: { plugin: 'aws' }, level: 'debug' }],
      },
    },
    shipyard: {
      ...portal.shipyard,
      // ISO strings, not objects: an object would merge with app-config.yaml's
      // `{ minutes: 10 }` into ten minutes and four seconds.
      collectors: {
        resourceInventory: {
          frequency: `PT${FREQUENCY_MS / 1_000}S`,
          timeout: `PT${INVENTORY_TIMEOUT_SECONDS}S`,
        },
        deployments: {
          frequency: `PT${FREQUENCY_MS / 1_000}S`,
          timeout: 'PT1M',
        },
      },
    },
  };
}

interface Run {
  replica: string;
  startedAt: number;
  finishedAt: number;
  status: string;
}

/** A run as collector_runs has it: no finish time while running, or when abandoned. */
interface RecordedRun {
  startedAt: number;
  finishedAt?: number;
  status: string;
}

/**
 * Runs of a collector as the replicas logged them: each run logs one line when it ends,
 * `AWS collector <id> <status> in <ms> ms`, after the time stamp that starts the line.
 */
function loggedRuns(replicas: StartedReplica[], collectorId: string): Run[] {
  const line = new RegExp(
    `^(\\S+Z) .*AWS collector ${collectorId} (succeeded|failed) in (\\d+) ms`,
    'gm',
  );
  return replicas
    .flatMap(replica =>
      [...replica.readLog().matchAll(line)].map(m => {
        const finishedAt = Date.parse(m[1]);
        return {
          replica: replica.name,
          startedAt: finishedAt - Number(m[3]),
          finishedAt,
          status: m[2],
        };
      }),
    )
    .sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * Runs of a collector as its plugin's collector_runs has them (each plugin has its own schema):
 * the resource inventory in aws's, the deployments collector in deployments'.
 */
function recordedRuns(
  plugin: 'aws' | 'deployments',
  collectorId: string,
): RecordedRun[] {
  return queryPostgres(
    DATABASE,
    `SELECT (extract(epoch FROM started_at) * 1000)::bigint,
            coalesce((extract(epoch FROM finished_at) * 1000)::bigint::text, ''), status
       FROM ${plugin}.collector_runs WHERE collector_id = '${collectorId}'
      ORDER BY started_at`,
  ).map(([startedAt, finishedAt, status]) => ({
    startedAt: Number(startedAt),
    ...(finishedAt ? { finishedAt: Number(finishedAt) } : {}),
    status,
  }));
}

const recordedInventoryRuns = () => recordedRuns('aws', 'resource-inventory');

/** Runs that ended, with the time they did. */
function finishedRuns(runs: RecordedRun[]): Omit<Run, 'replica'>[] {
  return runs.flatMap(({ finishedAt, ...run }) =>
    finishedAt === undefined ? [] : [{ ...run, finishedAt }],
  );
}

/** The scheduler's row of the resource-inventory task. */
function inventoryTaskState() {
  const [row] = queryPostgres(
    DATABASE,
    `SELECT coalesce(current_run_ticket, ''), coalesce(last_run_error_json, '')
       FROM aws.backstage_backend_tasks__tasks WHERE id = 'resource-inventory'`,
  );
  return { currentRunTicket: row?.[0] ?? '', lastRunError: row?.[1] ?? '' };
}

function expectNoOverlap(runs: Omit<Run, 'replica'>[]) {
  for (let i = 1; i < runs.length; i++) {
    expect(runs[i].startedAt).toBeGreaterThanOrEqual(runs[i - 1].finishedAt);
  }
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('two replicas on one PostgreSQL and one Redis', () => {
  let sandboxServer: SandboxServer | undefined;
  const replicas: StartedReplica[] = [];
  let token = '';

  const call = async (
    replica: StartedReplica,
    method: 'GET' | 'POST',
    pathAndQuery: string,
  ) => {
    const res = await fetch(`${replica.baseUrl}${pathAndQuery}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    const sandbox = await createSandboxServer({ port: 0 });
    sandboxServer = sandbox;
    // Created here rather than by the first replica to start, as an operator creates it.
    createPostgresDatabase(DATABASE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-replicas-'));
    // One after the other: on an empty database, replicas starting together race to create
    // knex's migration lock tables and one of them fails its start-up (docs/deployment.md).
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const configFile = path.join(dir, `app-config.replica-${name}.json`);
      fs.writeFileSync(
        configFile,
        JSON.stringify(replicaConfig({ port, sandbox }), null, 2),
      );
      const replica = startReplica({
        name,
        port,
        configFile,
        logFile: path.join(screenshotDir, `replica-${name}.log`),
      });
      replicas.push(replica);
      await replica.ready(150_000);
    }
    // Issued by replica a; replica b accepts it, as it checks it against the signing keys
    // kept in the shared database.
    token = await demoToken(replicas[0].baseUrl, SRE);
  }, 200_000);

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    await sandboxServer?.close();
    dropPostgresDatabase(DATABASE);
    deleteRedisKeys(`${CACHE_NAMESPACE}:`);
  });

  it('runs each collector once per interval across both replicas', async () => {
    // The collectors wait 15 s after start-up for the catalog.
    await waitFor('the first resource-inventory run', 60_000, () =>
      recordedInventoryRuns().length > 0 ? true : undefined,
    );
    const windowStart = Date.now();
    await sleep(5 * FREQUENCY_MS);
    const windowEnd = Date.now();
    const intervals = (windowEnd - windowStart) / FREQUENCY_MS;
    const within = (runs: RecordedRun[]) =>
      runs.filter(r => r.startedAt >= windowStart && r.startedAt < windowEnd);

    // Once per replica would be about twice as many, and overlapping. Each run is recorded
    // when it starts; only the newest may still be running.
    for (const [plugin, collectorId, atLeast] of [
      ['aws', 'resource-inventory', Math.floor(intervals) - 2],
      ['deployments', 'deployments', 1],
    ] as const) {
      const runs = recordedRuns(plugin, collectorId);
      expect(within(runs).length).toBeLessThanOrEqual(
        Math.floor(intervals) + 1,
      );
      expect(within(runs).length).toBeGreaterThanOrEqual(atLeast);
      expectNoOverlap(finishedRuns(runs));
      // Both replicas live: no run is abandoned, and only the newest may be running.
      expect(
        runs
          .slice(0, -1)
          .filter(r => !['succeeded', 'failed'].includes(r.status)),
      ).toEqual([]);
      expect(runs[runs.length - 1].status).not.toBe('abandoned');
    }
    expect(recordedInventoryRuns().every(r => r.status !== 'failed')).toBe(
      true,
    );
  });

  it('serves a refresh made on one replica from the other', async () => {
    const [a, b] = replicas;
    const refreshOnAReadOnB = async () => {
      const refreshed = await call(
        a,
        'POST',
        `${COMPONENT_PATH}/resources/refresh?environment=dev`,
      );
      const read = await call(
        b,
        'GET',
        `${COMPONENT_PATH}/resources?environment=dev`,
      );
      return { refreshed, read };
    };
    // A scheduled run storing the same rows between the two calls would show its own time;
    // then the pair is tried again, up to three times.
    let before = Date.now();
    let attempt = await refreshOnAReadOnB();
    for (let tries = 1; tries < 3; tries++) {
      if (
        attempt.refreshed.status !== 200 ||
        attempt.read.status !== 200 ||
        attempt.read.body.items[0].collectedAt ===
          attempt.refreshed.body.items[0].collectedAt
      ) {
        break;
      }
      await sleep(1_000);
      const since = before;
      if (!recordedInventoryRuns().some(r => (r.finishedAt ?? 0) >= since)) {
        break;
      }
      before = Date.now();
      attempt = await refreshOnAReadOnB();
    }

    const { refreshed, read } = attempt;
    expect(refreshed.status).toBe(200);
    expect(read.status).toBe(200);
    const [stored] = refreshed.body.items;
    const [served] = read.body.items;
    expect(served.collectedAt).toBe(stored.collectedAt);
    expect(served.ecsServices).toEqual(stored.ecsServices);
    expect(stored.ecsServices).toEqual([
      expect.objectContaining({ cluster: 'dev-apps' }),
    ]);
  });

  it('shares the cache: what one replica looked up the other serves without asking AWS', async () => {
    const [a, b] = replicas;
    const first = await call(
      a,
      'POST',
      `${COMPONENT_PATH}/resources/refresh?environment=staging`,
    );
    expect(first.status).toBe(200);
    // The lookup sits in Redis, under this run's namespace and the aws plugin's (the cache
    // client stores each key base64-encoded).
    const prefix = `${CACHE_NAMESPACE}:aws:`;
    expect(
      redisKeys(prefix).map(key =>
        Buffer.from(key.slice(prefix.length), 'base64').toString('utf8'),
      ),
    ).toContain('locator:v1:component:staging:catalog-api');

    const outage = sandboxServer!.faults.add({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'error',
    });
    try {
      const fromCache = await call(
        b,
        'POST',
        `${COMPONENT_PATH}/resources/refresh?environment=staging`,
      );
      expect(fromCache.status).toBe(200);
      expect(fromCache.body.items[0].ecsServices).toEqual(
        first.body.items[0].ecsServices,
      );
      // The same request for a lookup nobody made yet does reach AWS, and fails: the answer
      // above came from the cache replica a filled.
      const uncached = await call(
        b,
        'POST',
        `${COMPONENT_PATH}/resources/refresh?environment=prod`,
      );
      expect(uncached.status).toBeGreaterThanOrEqual(500);
    } finally {
      sandboxServer!.faults.remove(outage.id);
    }
  });

  it('lets the other replica take over when one is killed mid-collection, recording the interrupted run as abandoned', async () => {
    // Each GetResources takes 1.5 s, so a run (dev, staging, prod one after the other) lasts
    // several seconds and can be interrupted between environments. The collector reads through
    // the shared cache (a minute), so its entries are removed as fast as runs write them.
    const slow = sandboxServer!.faults.add({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'latency',
      latencyMs: 1_500,
    });
    const lookups = `${CACHE_NAMESPACE}:aws:`;
    deleteRedisKeys(lookups);
    const uncached = setInterval(() => deleteRedisKeys(lookups), 250);
    try {
      const offsets = new Map(replicas.map(r => [r, r.readLog().length]));
      const storedDev =
        /Stored the resources of \d+ components in dev,.*collector="resource-inventory"/;
      const victim = await waitFor(
        'a replica in the middle of a resource-inventory run',
        30_000,
        () =>
          replicas.find(r => storedDev.test(r.readLog().slice(offsets.get(r)))),
      );
      await victim.kill();
      const killedAt = Date.now();
      const survivor = replicas.find(r => r !== victim)!;
      // The run was still in progress: the scheduler holds the task for it.
      expect(inventoryTaskState().currentRunTicket).not.toBe('');

      // The task is held until its timeout has passed and a janitor has freed it; then the
      // survivor runs it. Meanwhile the scheduler's record says the interrupted run timed out.
      let schedulerSaw = '';
      const next = await waitFor(
        'the next resource-inventory run, on the surviving replica',
        INVENTORY_TIMEOUT_SECONDS * 1_000 + 75_000,
        () => {
          const { lastRunError } = inventoryTaskState();
          if (lastRunError.includes('timed out')) schedulerSaw = lastRunError;
          return recordedInventoryRuns().find(
            r => r.startedAt > killedAt && r.status !== 'running',
          );
        },
      );
      expect(next.status).toBe('succeeded');
      expect(schedulerSaw).toContain('Task timed out');
      // The run is stored before it is logged: give the survivor's log a moment to say so.
      await waitFor(
        'the survivor logging the run it finished',
        15_000,
        () =>
          loggedRuns([survivor], 'resource-inventory').some(
            r => r.startedAt > killedAt && r.status === 'succeeded',
          ) || undefined,
      );
      expect(survivor.readLog()).toContain(
        'Task timed out and was lost: resource-inventory',
      );

      // The interrupted run is recorded truthfully: it started before the kill and never
      // finished, and the survivor's run marked it abandoned when it started. No run is
      // recorded as spanning the kill, let alone as a success.
      const runs = recordedInventoryRuns();
      const interrupted = runs.filter(
        r =>
          r.startedAt < killedAt &&
          (r.finishedAt === undefined || r.finishedAt > killedAt),
      );
      expect(interrupted).toEqual([
        { startedAt: expect.any(Number), status: 'abandoned' },
      ]);
      expectNoOverlap(finishedRuns(runs));
    } finally {
      clearInterval(uncached);
      sandboxServer!.faults.remove(slow.id);
    }
  });
});
