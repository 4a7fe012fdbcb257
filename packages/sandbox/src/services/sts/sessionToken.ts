/**
 * Sandbox session tokens carry the assumed role, so that GetCallerIdentity with assumed-role
 * credentials can answer with the role's ARN, as STS does.
 */
const PREFIX = 'SANDBOXSESSION.';

export interface SandboxSession {
  roleArn: string;
  sessionName: string;
  expiresAt: number;
}

export function encodeSessionToken(session: SandboxSession): string {
  return (
    PREFIX + Buffer.from(JSON.stringify(session), 'utf8').toString('base64url')
  );
}

export function decodeSessionToken(
  token: string | undefined,
): SandboxSession | undefined {
  if (!token?.startsWith(PREFIX)) {
    return undefined;
  }
  try {
    const session = JSON.parse(
      Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'),
    );
    return typeof session?.roleArn === 'string' &&
      typeof session?.sessionName === 'string'
      ? session
      : undefined;
  } catch {
    return undefined;
  }
}
