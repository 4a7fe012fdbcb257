import { createServer, type Server } from 'node:http';
import { createApp, type AppState } from './app.ts';
import type { Config } from './config.ts';
import type { Log } from './logger.ts';

export interface RunningServer {
  server: Server;
  state: AppState;
  /** Stops accepting connections, lets in-flight requests finish, resolves when closed. */
  shutdown(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: Log,
): Promise<RunningServer> {
  const state: AppState = { ready: true };
  const server = createServer(createApp(log, state));
  // Keep-alive connections outlive a plain close(); the load balancer's idle timeout is 60 s.
  server.keepAliveTimeout = 65000;
  await new Promise<void>(resolve => server.listen(config.port, resolve));
  return {
    server,
    state,
    shutdown: () =>
      new Promise<void>((resolve, reject) => {
        state.ready = false;
        // Since Node 19, close() also ends idle keep-alive sockets; requests in flight finish.
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
