/*
 * Benchmark: the costs API with `readers` concurrent readers at a scale, on
 * SQLite and PostgreSQL: GET /api/costs/portfolio?months=6 and one
 * component's costs (GET /api/costs/components/default/component/<name>)
 * as the manager persona (mei.chen, engineering-managers), whom the policy
 * allows outright, and the portfolio as a developer (ana.lima,
 * team-storefront), whose costs.read is decided per service by owner.
 *
 * Per database: the collector backfills from the sandbox (its default 12
 * months; the sandbox has 6 months of costs), then the portal starts: the
 * real catalog backend with the demo organisation and the sandbox's
 * components, the real permission backend with Shipyard's policy (every
 * request's costs.read decisions are real), and the costs plugin on the
 * scratch database, behind the backend's root HTTP router (helmet, cors,
 * compression). First each endpoint is timed alone (`--solo` requests one
 * after the other); then the readers run in a child process
 * (bench/readers.mjs) for `seconds` after 3 s of warm-up.
 *
 *   yarn bench:portfolio [--scale 112] [--readers 50] [--seconds 20]
 *     [--solo 10] [--databases sqlite,pg] [--component ledger-service]
 */
import { costsReadPermission } from '@internal/plugin-costs-common';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  arg,
  createBenchWorld,
  databasesArg,
  machine,
  quantile,
  round,
  stringArg,
} from './createBenchWorld';

const MANAGER = 'user:default/mei.chen';
const DEVELOPER = 'user:default/ana.lima';

/** `n` requests one after the other: median and the body's size. */
async function solo(url: string, token: string, n: number, body?: unknown) {
  const ms: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      ...(body !== undefined && {
        method: 'POST',
        body: JSON.stringify(body),
      }),
    });
    bytes = (await res.arrayBuffer()).byteLength;
    status = res.status;
    ms.push(performance.now() - t);
  }
  return { status, medianMs: round(quantile(ms, 0.5)), bodyBytes: bytes };
}

async function readers(
  url: string,
  token: string,
  concurrency: number,
  seconds: number,
) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(__dirname, 'readers.mjs'),
      url,
      token,
      String(concurrency),
      String(seconds),
      '3',
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout);
}

async function main() {
  const scale = arg('scale', 112);
  const concurrency = arg('readers', 50);
  const seconds = arg('seconds', 20);
  const soloRuns = arg('solo', 10);
  const component = stringArg('component', 'ledger-service');
  const results: Record<string, unknown> = {};
  for (const database of databasesArg()) {
    const world = await createBenchWorld({ scale, database });
    try {
      let t = performance.now();
      const collection = await world.collect();
      const collectSeconds = round((performance.now() - t) / 1000);
      t = performance.now();
      const portal = await world.startPortal();
      const portalSeconds = round((performance.now() - t) / 1000);
      const token = portal.token(MANAGER);
      const portfolioUrl = `${portal.baseUrl}/api/costs/portfolio?months=6`;
      const runs = {
        portfolio: { url: portfolioUrl, user: MANAGER },
        component: {
          url: `${portal.baseUrl}/api/costs/components/default/component/${component}`,
          user: MANAGER,
        },
        developerPortfolio: { url: portfolioUrl, user: DEVELOPER },
      };
      const result: Record<string, unknown> = {
        setup: {
          collectSeconds,
          requests: collection.requests,
          portalSeconds,
        },
      };
      // The per-caller part of a portfolio: the costs.read decisions on
      // every service in it, which the plugin asks of the permission
      // backend in batches of 250 when the caller's role is conditional;
      // one batch timed here, for each persona.
      const first = await fetch(portfolioUrl, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!first.ok) {
        throw new Error(
          `The portfolio answered ${first.status}: ${await first.text()}`,
        );
      }
      const portfolio = await first.json();
      const refs = [
        ...new Set<string>(
          portfolio.rows.flatMap((r: { entityRef?: string }) =>
            r.entityRef ? [r.entityRef] : [],
          ),
        ),
      ];
      const batch = {
        items: refs.slice(0, 250).map((resourceRef, id) => ({
          id: String(id),
          permission: costsReadPermission,
          resourceRef,
        })),
      };
      const authorizeUrl = `${portal.baseUrl}/api/permission/authorize`;
      result.authorizeAlone = {
        rows: portfolio.rows.length,
        services: refs.length,
        batch: batch.items.length,
        // Allowed by the policy outright.
        manager: await solo(authorizeUrl, token, soloRuns, batch),
        // Conditional: the catalog applies the owner condition to each.
        developer: await solo(
          authorizeUrl,
          portal.token(DEVELOPER),
          soloRuns,
          batch,
        ),
      };
      console.error(
        JSON.stringify({ database, authorize: result.authorizeAlone }),
      );
      for (const [name, { url, user }] of Object.entries(runs)) {
        const alone = await solo(url, portal.token(user), soloRuns);
        console.error(JSON.stringify({ database, name, alone }));
        const load = await readers(
          url,
          portal.token(user),
          concurrency,
          seconds,
        );
        console.error(JSON.stringify({ database, name, load }));
        result[name] = {
          url: url.slice(portal.baseUrl.length),
          user,
          [`alone (median of ${soloRuns})`]: alone,
          [`${concurrency} readers for ${seconds} s`]: load,
        };
      }
      results[database] = result;
    } finally {
      await world.close();
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: `costs API, ${concurrency} concurrent readers`,
        machine: machine(),
        scale,
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
