import type {
  IncomingMessage,
  RequestListener,
  ServerResponse,
} from 'node:http';
import type { Log } from './logger.ts';

/** The path the load balancer and the container's HEALTHCHECK call. */
export const HEALTH_CHECK_PATH = '${{ values.healthCheckPath }}';

export interface AppState {
  /** False once shutdown began: the health check then fails so traffic moves elsewhere. */
  ready: boolean;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function route(
  req: IncomingMessage,
  res: ServerResponse,
  state: AppState,
): void {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === HEALTH_CHECK_PATH) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'Method not allowed' });
      return;
    }
    sendJson(res, state.ready ? 200 : 503, {
      status: state.ready ? 'ok' : 'shutting down',
    });
    return;
  }
  if (pathname === '/hello') {
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'Method not allowed' });
      return;
    }
    sendJson(res, 200, { message: 'Hello from ${{ values.name }}' });
    return;
  }
  sendJson(res, 404, { error: 'Not found' });
}

/** The request handler: the routes, and one log line per request when the response is sent. */
export function createApp(log: Log, state: AppState): RequestListener {
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      log('info', 'request', {
        method: req.method,
        path: new URL(req.url ?? '/', 'http://localhost').pathname,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    if (!state.ready) {
      // Once shutting down, no connection may stay open for another request: close() waits
      // for every socket, so a kept-alive one would hold the process until it is killed.
      res.setHeader('connection', 'close');
    }
    try {
      route(req, res, state);
    } catch (error) {
      log('error', 'request failed', { error: String(error) });
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'Internal error' });
      }
    }
  };
}
