import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

// Starts the real entry point on a free port and returns its log lines as they come.
async function startMain() {
  const child = spawn(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', MAIN],
    {
      env: { ...process.env, PORT: '0', SHUTDOWN_TIMEOUT_MS: '5000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const logs: Array<Record<string, unknown>> = [];
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`exited with ${code} before listening`)),
    );
    lines.on('line', line => {
      const entry = JSON.parse(line);
      logs.push(entry);
      if (entry.message === 'listening') {
        resolve(entry.port);
      }
    });
  });
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', resolve),
  );
  return { child, port, logs, exited };
}

describe('main', () => {
  it('exits cleanly on SIGTERM, without waiting for idle keep-alive connections', async () => {
    const { child, port, logs, exited } = await startMain();
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ port, path: '/hello', agent }, res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 200);

    const signalled = Date.now();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    // An idle keep-alive socket must not hold the process until its 65 s timeout.
    assert.ok(Date.now() - signalled < 3000, 'exited promptly');
    assert.deepEqual(
      logs.map(entry => entry.message),
      ['listening', 'request', 'shutting down', 'stopped'],
    );
    agent.destroy();
  });

  it('lets a request in flight at SIGTERM finish before exiting', async () => {
    const { child, port, logs, exited } = await startMain();
    const socket = connect(port, '127.0.0.1');
    await new Promise(resolve => socket.once('connect', resolve));
    let response = '';
    socket.on('data', chunk => (response += chunk));
    // Headers started but not finished: the request is in flight when the signal arrives.
    socket.write('GET /hello HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise(resolve => setTimeout(resolve, 100));

    child.kill('SIGTERM');
    await new Promise(resolve => setTimeout(resolve, 300));
    assert.equal(child.exitCode, null, 'still draining');
    socket.write('\r\n');

    assert.equal(await exited, 0);
    assert.match(response, /^HTTP\/1\.1 200 /);
    assert.deepEqual(
      logs.map(entry => entry.message),
      ['listening', 'shutting down', 'request', 'stopped'],
    );
    socket.destroy();
  });

  it('refuses to start on an invalid PORT, naming it', async () => {
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', MAIN],
      {
        env: { ...process.env, PORT: 'eighty' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    const code = await new Promise(resolve => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /PORT must be an integer/);
  });
});
