import type { AssumeRoleResponse } from '@aws-sdk/client-sts';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { stableHex } from '../../../scenario/stableHex';
import { encodeSessionToken } from '../sessionToken';

const ROLE_ARN =
  /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

/**
 * Any role of any account can be assumed; the credentials' access key id names the role's
 * account (`SANDBOX<accountId>`) so that calls made with them act in that account.
 */
export const assumeRole: OperationHandler<unknown, AssumeRoleResponse> = (
  input,
  ctx,
) => {
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
  const duration =
    reader.integer('DurationSeconds', { min: 900, max: 43200 }) ?? 3600;
  reader.string('ExternalId', {
    minLength: 2,
    maxLength: 1224,
    pattern: /^[\w+=,.@:/-]*$/,
  });
  const match = ROLE_ARN.exec(roleArn);
  if (!match) {
    throw reader.invalid(`${roleArn} is invalid`);
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
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${match[3]}/${sessionName}`,
    },
    PackedPolicySize: 0,
  };
};
