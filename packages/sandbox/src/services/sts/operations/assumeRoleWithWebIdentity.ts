import type { AssumeRoleWithWebIdentityResponse } from '@aws-sdk/client-sts';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { stableHex } from '../../../scenario/stableHex';
import { encodeSessionToken } from '../sessionToken';

const ROLE_ARN =
  /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

/** The audience GitLab's `id_tokens` (and any OIDC provider registered for STS) names. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

interface WebIdentityClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
}

const invalidToken = (message: string) =>
  new SandboxError('InvalidIdentityToken', message, 400);

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The claims STS checks, from a compact JWS `header.payload.signature`. */
function readClaims(token: string): WebIdentityClaims {
  const parts = token.split('.');
  const header = parts.length === 3 ? decodeSegment(parts[0]) : undefined;
  const payload = parts.length === 3 ? decodeSegment(parts[1]) : undefined;
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof payload !== 'object' ||
    payload === null
  ) {
    throw invalidToken("Couldn't parse web identity token.");
  }
  const claims = payload as Record<string, unknown>;
  const aud = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
  if (
    typeof claims.iss !== 'string' ||
    !/^https:\/\//.test(claims.iss) ||
    typeof claims.sub !== 'string' ||
    claims.sub === '' ||
    typeof claims.exp !== 'number' ||
    !Array.isArray(aud) ||
    !aud.every(a => typeof a === 'string')
  ) {
    throw invalidToken(
      'The web identity token must carry iss (https), sub, aud and exp claims.',
    );
  }
  return { iss: claims.iss, sub: claims.sub, aud, exp: claims.exp };
}

/**
 * Exchanges an OIDC token (a GitLab job's `id_tokens` entry) for a role's credentials, as a CI
 * job does before it deploys. Like STS, the call is unsigned and the token is the only proof:
 * it must be well formed, unexpired and addressed to `sts.amazonaws.com`. Its signature is not
 * verified, as the sandbox verifies no SigV4 signature either: there is no IAM OIDC provider to
 * hold the issuer's keys. The credentials act in the role's account.
 */
export const assumeRoleWithWebIdentity: OperationHandler<
  unknown,
  AssumeRoleWithWebIdentityResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, 'ValidationError');
  const roleArn = reader.requiredString('RoleArn', {
    minLength: 20,
    maxLength: 2048,
  });
  const sessionName = reader.requiredString('RoleSessionName', {
    minLength: 2,
    maxLength: 64,
    pattern: /^[\w+=,.@-]*$/,
  });
  const token = reader.requiredString('WebIdentityToken', {
    minLength: 4,
    maxLength: 20000,
  });
  const duration =
    reader.integer('DurationSeconds', { min: 900, max: 43200 }) ?? 3600;
  const match = ROLE_ARN.exec(roleArn);
  if (!match) {
    throw reader.invalid(`${roleArn} is invalid`);
  }
  const claims = readClaims(token);
  if (claims.exp * 1000 <= ctx.now.getTime()) {
    throw new SandboxError('ExpiredTokenException', 'Token is expired', 400);
  }
  if (!claims.aud.includes(STS_AUDIENCE)) {
    throw invalidToken('Incorrect token audience');
  }
  const accountId = match[1];
  const expiresAt = ctx.now.getTime() + duration * 1000;
  const roleId = `AROA${stableHex(roleArn, 17).toUpperCase()}`;
  return {
    Credentials: {
      AccessKeyId: `SANDBOX${accountId}`,
      SecretAccessKey: 'sandbox',
      SessionToken: encodeSessionToken({ roleArn, sessionName, expiresAt }),
      Expiration: new Date(expiresAt),
    },
    SubjectFromWebIdentityToken: claims.sub,
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${match[3]}/${sessionName}`,
    },
    PackedPolicySize: 0,
    Provider: claims.iss.replace(/^https:\/\//, ''),
    Audience: STS_AUDIENCE,
  };
};
