/*
 * Benchmark: GET /api/availability/portfolio?period=30d with `readers`
 * concurrent readers over the portfolio of the sandbox at `scale` (3,024
 * rows at 112), on SQLite and PostgreSQL.
 *
 * Per database: the collector runs once with a short backfill
 * (`backfill-hours`; the portfolio reads only the summaries, whose size
 * hardly depends on how much history there is) and the summarizer writes
 * the rows, as after every cycle. The plugin's router is then served on a
 * free port behind the middleware the backend puts in front of every plugin
 * (Backstage's MiddlewareFactory: helmet, cors, compression, error), with
 * mocked authentication. The readers run in a child process
 * (bench/readers.mjs). Before them, one request's parts are timed in this
 * process, one after the other: the store's read, the model, serializing.
 *
 *   yarn bench:portfolio [--scale 112] [--readers 50] [--seconds 20]
 *     [--backfill-hours 2] [--databases sqlite,pg]
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createRouter } from '../src/service/createRouter';
import {
  arg,
  BenchWorld,
  createBenchWorld,
  databasesArg,
  HOUR,
  machine,
  quantile,
  round,
} from './createBenchWorld';

const PERIOD = '30d';

async function timeParts(world: BenchWorld, runs: number) {
  const read: number[] = [];
  const model: number[] = [];
  const stringify: number[] = [];
  const gzip: number[] = [];
  let bytes = 0;
  let gzipBytes = 0;
  const credentials = mockCredentials.user();
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await world.store.readSummaries(PERIOD);
    read.push(performance.now() - t);
    t = performance.now();
    const portfolio = await world.model.getPortfolio({
      period: PERIOD,
      credentials,
    });
    model.push(performance.now() - t);
    t = performance.now();
    const body = JSON.stringify(portfolio);
    stringify.push(performance.now() - t);
    t = performance.now();
    gzipBytes = gzipSync(body).length;
    gzip.push(performance.now() - t);
    bytes = Buffer.byteLength(body);
  }
  const med = (xs: number[]) => round(quantile(xs, 0.5));
  return {
    runs,
    medianMs: {
      'store.readSummaries': med(read),
      'model.getPortfolio (includes the read)': med(model),
      'JSON.stringify': med(stringify),
      'gzip (level 6, as compression)': med(gzip),
    },
    bodyBytes: bytes,
    gzipBytes,
  };
}

async function serve(world: BenchWorld) {
  const logger = mockServices.rootLogger({ level: 'error' });
  const middleware = MiddlewareFactory.create({ config: world.config, logger });
  const app = express();
  app.use(middleware.helmet());
  app.use(middleware.cors());
  app.use(middleware.compression());
  app.use(
    '/api/availability',
    await createRouter({
      httpAuth: mockServices.httpAuth(),
      model: world.model,
    }),
  );
  app.use(middleware.error());
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/availability/portfolio?period=${PERIOD}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

async function readers(url: string, concurrency: number, seconds: number) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(__dirname, 'readers.mjs'),
      url,
      mockCredentials.user.token(),
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
  const backfillHours = arg('backfill-hours', 2);
  const results: Record<string, unknown> = {};
  for (const database of databasesArg()) {
    const world = await createBenchWorld({ scale, database });
    try {
      let t = performance.now();
      await world.collect({ backfillMs: backfillHours * HOUR });
      const collectSeconds = round((performance.now() - t) / 1000);
      t = performance.now();
      await world.summarizer.summarize(
        (await world.store.listSeries()).map(s => s.id),
      );
      const summarizeSeconds = round((performance.now() - t) / 1000);
      const rows = (await world.store.readSummaries(PERIOD)).length;
      const parts = await timeParts(world, 10);
      console.error(JSON.stringify({ database, rows, parts }));
      const server = await serve(world);
      try {
        const load = await readers(server.url, concurrency, seconds);
        console.error(JSON.stringify({ database, load }));
        results[database] = {
          rows,
          setup: { collectSeconds, summarizeSeconds },
          parts,
          [`${concurrency} readers for ${seconds} s`]: load,
        };
      } finally {
        await server.close();
      }
    } finally {
      await world.close();
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: `GET /api/availability/portfolio?period=${PERIOD}, ${concurrency} concurrent readers`,
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
