import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createApp, HEALTH_CHECK_PATH, type AppState } from './app.ts';
import { createLogger } from './logger.ts';

describe('app', () => {
  let server: Server;
  let baseUrl: string;
  let lines: string[];
  let state: AppState;

  beforeEach(async () => {
    lines = [];
    state = { ready: true };
    server = createServer(
      createApp(
        createLogger('test', line => lines.push(line)),
        state,
      ),
    );
    server.listen(0);
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('answers the health check while ready, and 503 once shutting down', async () => {
    const healthy = await fetch(`${baseUrl}${HEALTH_CHECK_PATH}`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { status: 'ok' });

    state.ready = false;
    const draining = await fetch(`${baseUrl}${HEALTH_CHECK_PATH}`);
    assert.equal(draining.status, 503);
  });

  it('serves the example route and 404 elsewhere', async () => {
    const hello = await fetch(`${baseUrl}/hello`);
    assert.equal(hello.status, 200);
    const body = (await hello.json()) as { message: string };
    assert.match(body.message, /^Hello from /);

    const missing = await fetch(`${baseUrl}/nothing-here`);
    assert.equal(missing.status, 404);
  });

  it('writes one JSON log line per request', async () => {
    await (await fetch(`${baseUrl}/hello?x=1`)).text();
    await (await fetch(`${baseUrl}/missing`)).text();

    assert.equal(lines.length, 2);
    const [first, second] = lines.map(line => JSON.parse(line));
    assert.equal(first.message, 'request');
    assert.equal(first.method, 'GET');
    assert.equal(first.path, '/hello');
    assert.equal(first.status, 200);
    assert.equal(typeof first.durationMs, 'number');
    assert.equal(second.status, 404);
    assert.ok(
      lines.every(
        line => line.endsWith('\n') && !line.slice(0, -1).includes('\n'),
      ),
    );
  });
});
