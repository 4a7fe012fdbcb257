import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultScenario } from '../scenario/DefaultScenario';
import type { Scenario } from '../scenario/Scenario';
import { createBuiltinHttpServices } from '../services/builtinHttpServices';
import { builtinServices } from '../services/builtinServices';
import { DefaultSandboxState } from '../state/DefaultSandboxState';
import type { SandboxState } from '../state/SandboxState';
import {
  DefaultFaultInjector,
  type FaultInjector,
  type FaultSpec,
} from './FaultInjector';
import { DefaultRequestStats, type RequestStats } from './RequestStats';
import { SandboxDispatcher, type SandboxLogger } from './SandboxDispatcher';
import type { SandboxRequest } from './SandboxRequest';
import type { SandboxHttpService, SandboxService } from './SandboxService';

/** Request bodies above this are refused; the portal's requests are a few kilobytes. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** @public */
export interface SandboxServerOptions {
  /** Default 4566; 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 to serve other containers. */
  host?: string;
  /** Scenario seed; default `shipyard`. */
  seed?: string | number;
  /** Copies of every demo component; default 1. */
  scale?: number;
  /**
   * How many times the GuardDuty findings are drawn (each draw its own ids, times and
   * severities, the first the demo's): about that many times the findings; default 1. For
   * benchmarks that need thousands of findings.
   */
  findingsScale?: number;
  /** The sandbox clock; default the system clock. Tests move it to watch rollouts progress. */
  now?: () => Date;
  /** How long a deployment takes to roll out; default 60. */
  rolloutSeconds?: number;
  /** Faults active from the start. */
  faults?: FaultSpec[];
  /** AWS services besides the built-in ones (or replacing one with the same name). */
  services?: SandboxService[];
  /**
   * Non-AWS HTTP APIs (Kubernetes, GitLab) served under their path prefixes, besides the
   * built-in ones (or replacing one with the same name). The server closes them when it closes.
   */
  httpServices?: SandboxHttpService[];
  logger?: SandboxLogger;
}

/** @public */
export interface SandboxServer {
  /** e.g. `http://127.0.0.1:4566`, the endpoint to give every AWS client. */
  url: string;
  port: number;
  scenario: Scenario;
  state: SandboxState;
  faults: FaultInjector;
  stats: RequestStats;
  close(): Promise<void>;
}

function readRequest(req: IncomingMessage): Promise<SandboxRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      resolve({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
      });
    });
    req.on('error', reject);
  });
}

/**
 * Starts the sandbox: one HTTP port that speaks the wire protocols of the AWS operations the
 * portal uses, over a deterministic scenario and a stateful world.
 *
 * @public
 */
export async function createSandboxServer(
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const now = options.now ?? (() => new Date());
  const seed = String(options.seed ?? 'shipyard');
  const rolloutSeconds = options.rolloutSeconds ?? 60;
  if (!(rolloutSeconds >= 0)) {
    throw new Error(`rolloutSeconds must be 0 or more, got ${rolloutSeconds}`);
  }
  const logger: SandboxLogger = options.logger ?? {
    error: (message, error) => console.error(message, error),
  };
  const scenario = DefaultScenario.create({
    seed,
    scale: options.scale,
    now: now(),
  });
  const state = DefaultSandboxState.create({
    scenario,
    rolloutSeconds,
    now,
    findingsScale: options.findingsScale,
  });
  const faults = DefaultFaultInjector.create({ seed, faults: options.faults });
  const stats = DefaultRequestStats.create();
  const extra = options.services ?? [];
  const services = [
    ...builtinServices.filter(b => !extra.some(s => s.name === b.name)),
    ...extra,
  ];
  const extraHttp = options.httpServices ?? [];
  const httpServices = [
    ...createBuiltinHttpServices().filter(
      b => !extraHttp.some(s => s.name === b.name),
    ),
    ...extraHttp,
  ];
  const dispatcher = SandboxDispatcher.create({
    services,
    httpServices,
    scenario,
    state,
    faults,
    stats,
    now,
    logger,
  });

  const server = createServer((req, res) => {
    readRequest(req)
      .then(request => dispatcher.handle(request))
      .then(response => {
        res.writeHead(response.statusCode, response.headers);
        res.end(response.body);
      })
      .catch(error => {
        logger.error('Sandbox request failed', error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
        }
        res.end(JSON.stringify({ message: String(error) }));
      });
  });
  // SDK clients keep connections alive; thousands of requests per second should reuse them.
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    scenario,
    state,
    faults,
    stats,
    close: async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          server.close(error => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
      } finally {
        // Even when the port did not close cleanly, nothing may stay behind on disk.
        await closeAll(httpServices);
      }
    },
  };
}

/** Closes every service, each even when another fails; the first failure is thrown. */
async function closeAll(services: SandboxHttpService[]): Promise<void> {
  const results = await Promise.allSettled(services.map(s => s.close?.()));
  const failed = results.find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failed) throw failed.reason;
}
