import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { stableHex } from '../../../scenario/stableHex';
import { decodeSessionToken } from '../sessionToken';

/**
 * Static sandbox keys are the IAM user `sandbox` of their account; credentials from
 * AssumeRole are that role's session.
 */
export const getCallerIdentity: OperationHandler<
  unknown,
  GetCallerIdentityResponse
> = (_input, ctx) => {
  const token = ctx.caller.sessionToken;
  if (token === undefined) {
    return {
      Account: ctx.accountId,
      Arn: `arn:aws:iam::${ctx.accountId}:user/sandbox`,
      UserId: `AIDA${stableHex(`user/${ctx.accountId}`, 17).toUpperCase()}`,
    };
  }
  const session = decodeSessionToken(token);
  if (!session) {
    throw new SandboxError(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    );
  }
  if (session.expiresAt <= ctx.now.getTime()) {
    throw new SandboxError(
      'ExpiredToken',
      'The security token included in the request is expired',
      400,
    );
  }
  const roleName = session.roleArn.split('/').pop();
  return {
    Account: ctx.accountId,
    Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${roleName}/${session.sessionName}`,
    UserId: `AROA${stableHex(session.roleArn, 17).toUpperCase()}:${
      session.sessionName
    }`,
  };
};
