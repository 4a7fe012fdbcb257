import { spawn, ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';

/** The repository root: jest runs each package's tests from the package's folder. */
export const repoRoot = path.resolve(process.cwd(), '../..');

/** Where journeys save their screenshots; git-ignored. */
export const screenshotDir = path.join(repoRoot, 'e2e-screenshots');

/** Apart from a developer's portal on 3000 and 7007; the sandbox takes any free port. */
const BACKEND_PORT = 7107;
const BACKEND_URL = `http://localhost:${BACKEND_PORT}`;

/** A portal started for the journeys: the sandbox and the backend serving the built app. */
export interface StartedPortal {
  baseUrl: string;
  sandboxUrl: string;
  stop(): Promise<void>;
}

async function isListening(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

async function waitForReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `backend exited with code ${child.exitCode} before it was ready`,
      );
    }
    if (await isListening(url)) {
      const res = await fetch(url);
      if (res.ok) return;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`backend not ready at ${url} after ${timeoutMs} ms`);
}

/**
 * What the journeys change in the embedded default: the backend's port, and every AWS and
 * Kubernetes client pointed at this run's sandbox (the Kubernetes plugin reads its clusters from
 * the generated shipyard.environments). The environments come from the sandbox's own
 * description of its world, which a test keeps equal to app-config.yaml's.
 */
function e2eConfig(sandbox: { url: string }) {
  return {
    app: { baseUrl: BACKEND_URL },
    backend: {
      baseUrl: BACKEND_URL,
      listen: { port: BACKEND_PORT },
      cors: { origin: BACKEND_URL },
    },
    ...sandboxPortalConfig(sandbox),
  };
}

/**
 * Starts a sandbox and the backend on the embedded default (app-config.yaml) with the e2e
 * overrides, and waits until the backend reports ready. The app must have been built
 * (`yarn workspace app build`): the backend's app plugin serves packages/app/dist, as it does
 * in production.
 */
export async function startPortal(): Promise<StartedPortal> {
  if (!fs.existsSync(path.join(repoRoot, 'packages/app/dist/index.html'))) {
    throw new Error(
      'packages/app/dist is missing: run `yarn workspace app build` first',
    );
  }
  if (await isListening(BACKEND_URL)) {
    throw new Error(
      `${BACKEND_URL} is already in use; stop whatever listens there first`,
    );
  }
  // Rollouts take 10 s instead of a minute, so that the rollback journey sees one end.
  const sandbox = await createSandboxServer({ port: 0, rolloutSeconds: 10 });
  const configFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-e2e-')),
    'app-config.e2e.json',
  );
  fs.writeFileSync(configFile, JSON.stringify(e2eConfig(sandbox), null, 2));

  const logFile = path.join(screenshotDir, 'backend.log');
  fs.mkdirSync(screenshotDir, { recursive: true });
  const log = fs.createWriteStream(logFile);
  // One process, no file watcher: the backend's own entry point under Backstage's TypeScript
  // transform, so that stopping it is a plain signal.
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
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
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
      child,
      150_000,
    );
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}; see ${logFile}`);
  }
  return { baseUrl: BACKEND_URL, sandboxUrl: sandbox.url, stop };
}
