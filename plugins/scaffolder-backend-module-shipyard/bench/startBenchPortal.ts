/*
 * The real backend on the embedded default (app-config.yaml) against a sandbox of its own, as
 * packages/e2e's startPortal starts it, with two differences for benchmarks: the backend takes a
 * free port (startPortal's fixed 7107 would collide with a browser journey running meanwhile),
 * and the app bundle is not needed, since the benchmarks call the APIs only. Importing
 * startPortal itself would reach into another package's test utilities by a relative path.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';

const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface BenchPortal {
  baseUrl: string;
  sandboxUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with code ${child.exitCode}`);
    }
    const ok = await fetch(url).then(
      r => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`backend not ready at ${url} after ${ms} ms`);
}

/**
 * Starts the sandbox and the backend, and waits until the backend is ready. `templatesDir`, a
 * folder with an all.yaml like templates/'s, replaces the repository's templates in the catalog
 * (e.g. to measure a candidate change); the catalog's rules still take templates only from a
 * folder named templates.
 */
export async function startBenchPortal(
  options: { templatesDir?: string } = {},
): Promise<BenchPortal> {
  const sandbox = await createSandboxServer({ port: 0 });
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-'));
  const configFile = path.join(dir, 'app-config.bench.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      app: { baseUrl },
      backend: { baseUrl, listen: { port }, cors: { origin: baseUrl } },
      ...sandboxPortalConfig(sandbox),
      ...(options.templatesDir && {
        catalog: {
          locations: [
            { type: 'file', target: path.join(REPO_ROOT, 'catalog/all.yaml') },
            {
              type: 'file',
              target: path.join(path.resolve(options.templatesDir), 'all.yaml'),
            },
          ],
        },
      }),
    }),
  );
  const logFile = path.join(dir, 'backend.log');
  const log = fs.createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(REPO_ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await sandbox.close();
  };
  try {
    await waitForReady(
      `${baseUrl}/.backstage/health/v1/readiness`,
      child,
      180_000,
    );
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}; see ${logFile}`);
  }
  return { baseUrl, sandboxUrl: sandbox.url, logFile, stop };
}
