import { faultsFromEnv } from './faultsFromEnv';
import { createSandboxServer } from './server/createSandboxServer';

function numberFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new Error(`${name} must be a number, got '${value}'`);
  }
  return parsed;
}

async function main() {
  const server = await createSandboxServer({
    port: numberFromEnv('SANDBOX_PORT') ?? 4566,
    host: process.env.SANDBOX_HOST || '127.0.0.1',
    seed: process.env.SANDBOX_SEED || undefined,
    scale: numberFromEnv('SANDBOX_SCALE'),
    findingsScale: numberFromEnv('SANDBOX_FINDINGS_SCALE'),
    rolloutSeconds: numberFromEnv('SANDBOX_ROLLOUT_SECONDS'),
    faults: faultsFromEnv(),
  });
  const { scenario } = server;
  console.log(
    `Sandbox listening on ${server.url} (seed ${scenario.seed}, scale ${scenario.scale}: ` +
      `${scenario.services.length} services in ${scenario.clusters.length} clusters)`,
  );
  if (server.faults.list().length > 0) {
    console.log(
      `Faults from SANDBOX_FAULTS: ${JSON.stringify(server.faults.list())}`,
    );
  }
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
