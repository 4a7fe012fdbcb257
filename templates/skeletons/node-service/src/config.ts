/** What the service reads from its environment, validated once at start. */
export interface Config {
  port: number;
  /** How long a SIGTERM waits for in-flight requests before the process exits anyway. */
  shutdownTimeoutMs: number;
}

function integerFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `${name} must be an integer from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

// The port chosen when the service was created; the image and the deployment set PORT to it.
const DEFAULT_PORT = Number('${{ values.port }}');

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integerFrom(env, 'PORT', DEFAULT_PORT, 0, 65535),
    // ECS and Kubernetes both wait 30 s between SIGTERM and SIGKILL; finish well before.
    shutdownTimeoutMs: integerFrom(
      env,
      'SHUTDOWN_TIMEOUT_MS',
      20000,
      0,
      120000,
    ),
  };
}
