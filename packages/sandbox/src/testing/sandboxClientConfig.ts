import type { SandboxServer } from '../server/createSandboxServer';

/**
 * The configuration an AWS SDK v3 client needs to talk to a sandbox as one account:
 * `new ECSClient(sandboxClientConfig(server, { accountId: '222222222222' }))`.
 *
 * @public
 */
export function sandboxClientConfig(
  server: Pick<SandboxServer, 'url'>,
  options: { accountId?: string; region?: string; maxAttempts?: number } = {},
) {
  const accountId = options.accountId ?? '111111111111';
  return {
    endpoint: server.url,
    region: options.region ?? 'eu-west-1',
    credentials: {
      accessKeyId: `SANDBOX${accountId}`,
      secretAccessKey: 'sandbox',
    },
    maxAttempts: options.maxAttempts,
  };
}
