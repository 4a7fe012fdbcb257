import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from './startPortal';

/** One backend process started by {@link startReplica}. */
export interface StartedReplica {
  name: string;
  baseUrl: string;
  logFile: string;
  /** Everything the process has logged so far, without terminal colours. */
  readLog(): string;
  /** Waits until the backend reports ready; throws if it exits first. */
  ready(timeoutMs: number): Promise<void>;
  /** Ends the process at once, as a crashed host or an OOM kill would: no shutdown hooks run. */
  kill(): Promise<void>;
  /** Stops the process gracefully if it still runs. */
  stop(): Promise<void>;
}

/** A port nothing listens on now, so that replicas stay off the developer's 7007. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port assigned')),
      );
    });
  });
}

// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise(resolve => child.once('exit', () => resolve()));
}

/**
 * Starts one backend process on the embedded default (app-config.yaml) with `config` on top,
 * listening on `port`, its output in `logFile`. Returns without waiting for readiness, so that
 * several replicas start side by side; call `ready()`.
 */
export function startReplica(options: {
  name: string;
  port: number;
  configFile: string;
  logFile: string;
}): StartedReplica {
  const { name, port, configFile, logFile } = options;
  const baseUrl = `http://localhost:${port}`;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  // The backend's own entry point under Backstage's TypeScript transform, as startPortal does:
  // one process per replica, so that a signal reaches exactly that replica.
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
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const ready = async (timeoutMs: number) => {
    const url = `${baseUrl}/.backstage/health/v1/readiness`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `replica ${name} exited (${
            child.exitCode ?? child.signalCode
          }) before it was ready; see ${logFile}`,
        );
      }
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(
      `replica ${name} not ready at ${url} after ${timeoutMs} ms; see ${logFile}`,
    );
  };

  return {
    name,
    baseUrl,
    logFile,
    readLog: () => output.replace(ANSI_ESCAPE, ''),
    ready,
    kill: async () => {
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const done = exited(child);
        child.kill('SIGTERM');
        // A shutdown that hangs must not hang the test run.
        const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await done;
        clearTimeout(force);
      }
      log.end();
    },
  };
}
