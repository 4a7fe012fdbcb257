/*
 * Benchmark: the Availability page's time to show its table in headless
 * Chromium, with the sandbox at `scale` (1,008 components × 3 environments,
 * 3,024 rows at 112), against a real backend serving the built app.
 *
 * The sandbox and the backend run as their own processes (the sandbox
 * serving the collectors at this scale would otherwise stall this process's
 * clock and its browser events). The backend runs on the embedded default
 * (app-config.yaml) with this run's overrides: the sandbox as every AWS
 * client's endpoint, a generated catalog file with the scenario's copies of
 * the demo components (the demo catalog has the originals), a short
 * availability backfill, and every collector once an hour, so that the
 * backend is quiet while the page is measured (at scale 112 the deployments
 * collector's cycle outlasts its 2-minute default and would run throughout).
 * Once the catalog holds every component, the availability collector is
 * triggered through the scheduler's task route; the run waits for the
 * portfolio API to answer a row per component and environment, and for
 * every scheduled task to be idle.
 *
 * Then, signed in as the manager (the demo sign-in remembered in the tab, as
 * after a reload), it times `page.goto('/availability')` until the first row
 * of the table 'Availability by service and environment' is visible:
 * - cold: a new browser context each run (empty HTTP cache);
 * - warm: one page, navigated again each run (after one unmeasured load);
 * - in-app: from the home page, a click on the sidebar's Availability link
 *   (no document load).
 * and, for comparison, the portfolio API alone over HTTP: answered from the
 * router's 10 s response cache, and each after 11 s without readers (the
 * model, serializing and gzip again). One screenshot of the page is saved.
 *
 *   yarn workspace e2e bench:availability-page [--scale 112] [--runs 10]
 *     [--api-runs 10] [--port 7307] [--backfill-hours 2]
 *     [--validate-responses]
 *
 * The app must have been built (`yarn workspace app build`). Prints JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  DefaultScenario,
  sandboxPortalConfig,
  ScenarioComponent,
} from 'sandbox';
import { demoToken } from '../src/__testUtils__/demoSignIn';
import { launchBrowser } from '../src/__testUtils__/launchBrowser';
import { repoRoot, screenshotDir } from '../src/__testUtils__/startPortal';
import {
  freePort,
  startReplica,
  StartedReplica,
} from '../src/__testUtils__/startReplica';

const MANAGER = 'user:default/mei.chen';
const TABLE_NAME = 'Availability by service and environment';
const PORTFOLIO_PATH = '/api/availability/portfolio';
/** The router keeps each portfolio answer this long (PortfolioResponseCache). */
const PORTFOLIO_CACHE_TTL_MS = 10_000;
/** As createAvailabilityCollector registers it. */
const COLLECTOR_TASK = 'availability';
/** The plugins whose scheduled tasks must be idle before measuring. */
const SCHEDULING_PLUGINS = [
  'availability',
  'deployments',
  'aws',
  'costs',
  'search',
  'catalog',
];
const HOURLY = { frequency: { minutes: 60 } };
const VIEWPORT = { width: 1440, height: 900 };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const scale = arg('scale', 112);
const runs = arg('runs', 10);
const apiRuns = arg('api-runs', 10);
const port = arg('port', 7307);
const backfillHours = arg('backfill-hours', 2);
const validateResponses = process.argv.includes('--validate-responses');

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function machine(): string {
  return `${os.cpus().length} cores, ${Math.round(
    os.totalmem() / 2 ** 30,
  )} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map(l => l.toFixed(1))
    .join('/')}`;
}

/** The q-quantile (nearest rank) of a sample. */
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function summary(xs: number[]) {
  const r = (x: number) => Math.round(x);
  return {
    n: xs.length,
    p50: r(quantile(xs, 0.5)),
    p95: r(quantile(xs, 0.95)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs)),
    all: xs.map(r),
  };
}

function log(message: string) {
  process.stderr.write(`[bench] ${new Date().toISOString()} ${message}\n`);
}

/** Polls `check` every `everyMs` until it returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

/** The sandbox as its own process (packages/sandbox/src/main.ts). */
async function startSandbox(sandboxScale: number, logFile: string) {
  const sandboxPort = await freePort();
  const sandboxLog = fs.createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/main.ts',
    ],
    {
      cwd: path.join(repoRoot, 'packages/sandbox'),
      env: {
        ...process.env,
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_SCALE: String(sandboxScale),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(sandboxLog);
  child.stderr?.pipe(sandboxLog);
  const url = `http://127.0.0.1:${sandboxPort}`;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`sandbox exited (${code}); see ${logFile}`)),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('Sandbox listening')) resolve();
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      sandboxLog.end();
    },
  };
}

/** Waits until no scheduled task of the backend's plugins is running. */
async function waitForIdleTasks(baseUrl: string, auth: Record<string, string>) {
  await waitFor(
    'every scheduled task to be idle',
    async () => {
      const running: string[] = [];
      for (const plugin of SCHEDULING_PLUGINS) {
        const res = await fetch(
          `${baseUrl}/api/${plugin}/.backstage/scheduler/v1/tasks`,
          { headers: auth },
        );
        if (!res.ok) continue;
        const { tasks } = await res.json();
        for (const t of tasks as Array<{
          taskId: string;
          taskState?: { status: string } | null;
        }>) {
          if (t.taskState?.status === 'running') running.push(t.taskId);
        }
      }
      log(`running tasks: ${running.join(', ') || 'none'}`);
      return running.length === 0 ? true : undefined;
    },
    1_200_000,
    10_000,
  );
}

/** The catalog file of the scenario's copies (the demo catalog has the originals). */
function writeCatalog(file: string, components: readonly ScenarioComponent[]) {
  const docs = components
    .filter(c => c.copyIndex > 0)
    .map(c =>
      // JSON is YAML: one document per component.
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: c.name,
          annotations: {
            'shipyard.io/runtime': c.runtime,
            ...(c.runtime === 'eks' && {
              'backstage.io/kubernetes-id': c.name,
            }),
          },
        },
        spec: {
          type: c.type,
          lifecycle: 'production',
          owner: c.owner,
          system: c.system,
        },
      }),
    );
  fs.writeFileSync(file, `${docs.join('\n---\n')}\n`);
}

async function timeApi(baseUrl: string, token: string, waitMs: number) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < apiRuns; i++) {
    if (waitMs) await sleep(waitMs);
    const t = performance.now();
    const res = await fetch(`${baseUrl}${PORTFOLIO_PATH}?period=30d`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(`portfolio answered ${res.status}`);
    bytes = body.byteLength;
  }
  return { ...summary(times), bodyBytes: bytes };
}

/**
 * Times one navigation: from `navigate` until the table's first row is
 * visible, and when the page's portfolio request was answered.
 */
async function timeNavigation(page: Page, navigate: () => Promise<unknown>) {
  let requested: number | undefined;
  let answered: number | undefined;
  const isPortfolio = (url: string) => url.includes(PORTFOLIO_PATH);
  const onRequest = (r: { url(): string }) => {
    if (isPortfolio(r.url()) && requested === undefined)
      requested = performance.now();
  };
  const onFinished = (r: { url(): string }) => {
    if (isPortfolio(r.url()) && answered === undefined)
      answered = performance.now();
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  const start = performance.now();
  await navigate();
  await page
    .getByRole('table', { name: TABLE_NAME })
    .locator('tbody tr')
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });
  const shown = performance.now() - start;
  page.off('request', onRequest);
  page.off('requestfinished', onFinished);
  return {
    shown,
    apiRequested: requested === undefined ? undefined : requested - start,
    apiAnswered: answered === undefined ? undefined : answered - start,
  };
}

type Timing = Awaited<ReturnType<typeof timeNavigation>>;

function summarizeRuns(timings: Timing[]) {
  const defined = (xs: Array<number | undefined>) =>
    xs.filter((x): x is number => x !== undefined);
  return {
    tableShownMs: summary(timings.map(t => t.shown)),
    portfolioRequestSentMs: summary(defined(timings.map(t => t.apiRequested))),
    portfolioAnsweredMs: summary(defined(timings.map(t => t.apiAnswered))),
  };
}

async function newSignedInContext(browser: Browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // The choice the sign-in page keeps in sessionStorage: the app signs the
  // manager in again on load without showing the picker, as after a reload.
  await context.addInitScript(userRef => {
    window.sessionStorage.setItem('shipyard.demoSignIn.userRef', userRef);
  }, MANAGER);
  return context;
}

async function measurePage(browser: Browser, baseUrl: string) {
  const url = `${baseUrl}/availability`;
  const goto = (page: Page) => () => page.goto(url, { waitUntil: 'commit' });

  const cold: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await newSignedInContext(browser);
    const page = await context.newPage();
    cold.push(await timeNavigation(page, goto(page)));
    log(`cold ${i + 1}/${runs}: ${Math.round(cold[i].shown)} ms`);
    await context.close();
  }

  const context = await newSignedInContext(browser);
  const page = await context.newPage();
  await timeNavigation(page, goto(page));
  const warm: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    warm.push(await timeNavigation(page, goto(page)));
    log(`warm ${i + 1}/${runs}: ${Math.round(warm[i].shown)} ms`);
  }

  fs.mkdirSync(screenshotDir, { recursive: true });
  const screenshot = path.join(
    screenshotDir,
    `availability-page-scale-${scale}.png`,
  );
  await page.screenshot({ path: screenshot, fullPage: true });

  const inApp: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(baseUrl);
    const link = page.getByRole('link', { name: 'Availability' }).first();
    await link.waitFor();
    inApp.push(await timeNavigation(page, () => link.click()));
    log(`in-app ${i + 1}/${runs}: ${Math.round(inApp[i].shown)} ms`);
  }
  await context.close();

  return {
    cold: summarizeRuns(cold),
    warm: summarizeRuns(warm),
    inApp: summarizeRuns(inApp),
    screenshot,
  };
}

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'packages/app/dist/index.html'))) {
    throw new Error(
      'packages/app/dist is missing: run `yarn workspace app build` first',
    );
  }
  const baseUrl = `http://localhost:${port}`;
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'bench-availability-page-'),
  );
  let replica: StartedReplica | undefined;
  let browser: Browser | undefined;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  const stopAll = async () => {
    await browser?.close().catch(() => undefined);
    await replica?.stop();
    await sandbox?.stop();
  };
  // Ctrl-C must not leave the backend running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAll().finally(() => process.exit(130));
    });
  }
  try {
    // The same scenario the sandbox builds: the names depend only on the scale.
    const { components } = DefaultScenario.create({ scale });
    const series = components.length * 3;
    sandbox = await startSandbox(scale, path.join(workDir, 'sandbox.log'));
    log(`sandbox at scale ${scale} (${components.length} components)`);
    const catalogFile = path.join(workDir, 'components.yaml');
    writeCatalog(catalogFile, components);

    const portal = sandboxPortalConfig(sandbox);
    const configFile = path.join(workDir, 'app-config.bench.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify(
        {
          ...portal,
          app: { baseUrl },
          backend: {
            baseUrl,
            listen: { port },
            cors: { origin: baseUrl },
          },
          catalog: {
            // Replaces app-config.yaml's list (arrays are not merged): the
            // demo organisation and this run's copies; no templates.
            locations: [
              {
                type: 'file',
                target: path.join(repoRoot, 'catalog/all.yaml'),
              },
              { type: 'file', target: catalogFile },
            ],
          },
          shipyard: {
            ...portal.shipyard,
            api: { validateResponses },
            collectors: {
              availability: HOURLY,
              deployments: HOURLY,
              resourceInventory: HOURLY,
              costs: HOURLY,
            },
            availability: { backfill: { hours: backfillHours } },
          },
        },
        null,
        2,
      ),
    );

    log(`starting the backend on ${baseUrl}`);
    const started = performance.now();
    replica = startReplica({
      name: 'bench',
      port,
      configFile,
      logFile: path.join(workDir, 'backend.log'),
    });
    await replica.ready(300_000);
    log(`backend ready in ${Math.round(performance.now() - started)} ms`);
    // The manager can sign in once the catalog has read the demo organisation.
    const token = await waitFor(
      'the manager to be able to sign in',
      () => demoToken(baseUrl, MANAGER).catch(() => undefined),
      300_000,
      2_000,
    );
    const auth = { authorization: `Bearer ${token}` };

    const names = new Set(components.map(c => c.name));
    await waitFor(
      `the catalog to hold the ${components.length} components`,
      async () => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name&limit=5000`,
          { headers: auth },
        );
        const body = await res.json();
        const found = (body.items as Array<{ metadata: { name: string } }>)
          .map(e => e.metadata.name)
          .filter(n => names.has(n)).length;
        log(`catalog: ${found}/${components.length} components`);
        return found === components.length ? found : undefined;
      },
      600_000,
    );

    // The first run (15 s after start) saw only part of the catalog.
    await waitFor(
      'the collector to be triggered',
      async () => {
        const res = await fetch(
          `${baseUrl}/api/availability/.backstage/scheduler/v1/tasks/${COLLECTOR_TASK}/trigger`,
          { method: 'POST', headers: auth },
        );
        log(`trigger the collector: ${res.status}`);
        // 409 while a run is going on.
        return res.ok ? true : undefined;
      },
      900_000,
    );
    const collectStart = performance.now();
    const rows = await waitFor(
      `${series} portfolio rows`,
      async () => {
        const res = await fetch(`${baseUrl}${PORTFOLIO_PATH}?period=30d`, {
          headers: auth,
        });
        const count = res.ok ? (await res.json()).rows.length : 0;
        log(`portfolio: ${count}/${series} rows`);
        return count >= series ? count : undefined;
      },
      1_800_000,
      10_000,
    );
    const collectMs = performance.now() - collectStart;
    await waitForIdleTasks(baseUrl, auth);
    await sleep(5_000);

    log('timing the portfolio API alone');
    const apiCached = await timeApi(baseUrl, token, 0);
    const apiUncached = await timeApi(
      baseUrl,
      token,
      PORTFOLIO_CACHE_TTL_MS + 1_000,
    );

    browser = await launchBrowser();
    log(`timing the page (${runs} runs each)`);
    const page = await measurePage(browser, baseUrl);

    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'availability page, headless Chromium',
          machine: machine(),
          chromium: browser.version(),
          scale,
          components: components.length,
          portfolioRows: rows,
          backfillHours,
          validateResponses,
          collectorCycleUntilAllRowsMs: Math.round(collectMs),
          apiAlone: {
            'cached (within the 10 s response cache)': apiCached,
            'uncached (each after 11 s)': apiUncached,
          },
          page,
        },
        null,
        2,
      )}\n`,
    );
  } catch (error) {
    log(`failed: ${(error as Error).stack}`);
    log(`backend log: ${path.join(workDir, 'backend.log')}`);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
  if (process.exitCode !== 1) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main();
