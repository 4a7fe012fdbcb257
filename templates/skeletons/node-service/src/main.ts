// The process entry point: reads the config, serves, and shuts down gracefully on SIGTERM
// (what ECS and Kubernetes send before SIGKILL): stop accepting, drain, exit.
import { readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

async function main(): Promise<void> {
  const log = createLogger('${{ values.name }}');
  const config = readConfig();
  const running = await startServer(config, log);
  const address = running.server.address();
  log('info', 'listening', {
    port: typeof address === 'object' && address ? address.port : config.port,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log('info', 'shutting down', {
      signal,
      timeoutMs: config.shutdownTimeoutMs,
    });
    const timer = setTimeout(() => {
      log('error', 'shutdown timed out, exiting with requests still open');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    running.shutdown().then(
      () => {
        log('info', 'stopped');
        process.exit(0);
      },
      error => {
        log('error', 'shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch(error => {
  process.stderr.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      message: 'start failed',
      error: String(error),
    })}\n`,
  );
  process.exit(1);
});
