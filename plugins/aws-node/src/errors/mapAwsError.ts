import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { AwsCallContext, getAwsCallContext } from '../clients/awsCallContext';
import { AwsServiceUnavailableError } from './AwsServiceUnavailableError';

const THROTTLING_RETRY_AFTER_SECONDS = 5;
const OUTAGE_RETRY_AFTER_SECONDS = 15;

// The IAM action prefix of each SDK client, for "grant ecs:DescribeServices".
const IAM_PREFIXES: Record<string, string> = {
  ECS: 'ecs',
  EKS: 'eks',
  ECR: 'ecr',
  CloudWatch: 'cloudwatch',
  CloudWatchLogs: 'logs',
  CostExplorer: 'ce',
  GuardDuty: 'guardduty',
  ResourceGroupsTaggingAPI: 'tag',
  STS: 'sts',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  ApplicationAutoScaling: 'application-autoscaling',
};

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthorizationErrorException',
]);

const BAD_CREDENTIALS = new Set([
  'UnrecognizedClient',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'CredentialsProviderError',
]);

const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottledException',
  'RequestLimitExceeded',
]);

const INVALID_INPUT = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidParameterCombination',
  'InvalidParameterCombinationException',
  'MissingParameter',
  'InvalidRequestException',
  'InvalidInputException',
  'BadRequestException',
  'InvalidNextTokenException',
  'InvalidPaginationTokenException',
  'PaginationTokenExpiredException',
  'ClientException',
]);

const CONFLICT = new Set([
  'ConflictException',
  'ResourceInUseException',
  'ConcurrentModificationException',
  'UpdateInProgressException',
]);

const NETWORK_CODES =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)\b/;

// Errors that already carry a Backstage status pass through unchanged, so
// that mapping twice is harmless.
const BACKSTAGE_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

type SdkErrorLike = Error & {
  $fault?: 'client' | 'server';
  $metadata?: {
    httpStatusCode?: number;
    requestId?: string;
    attempts?: number;
  };
  $response?: { headers?: Record<string, string | undefined> };
  $retryable?: { throttling?: boolean };
  code?: string;
};

function retryAfterSeconds(error: SdkErrorLike, fallback: number): number {
  const header = error.$response?.headers?.['retry-after'];
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) {
      return Math.ceil(seconds);
    }
    const date = Date.parse(header);
    if (!Number.isNaN(date)) {
      return Math.max(0, Math.ceil((date - Date.now()) / 1000));
    }
  }
  return fallback;
}

function describeCall(context: AwsCallContext) {
  const service = context.service ?? 'AWS';
  const operation = context.operation ?? 'an operation';
  const call = context.operation
    ? `${service}:${context.operation}`
    : `${service} ${operation}`;
  const where = [
    context.accountId ? `account ${context.accountId}` : undefined,
    context.region,
  ]
    .filter(Boolean)
    .join(', ');
  const inWhere = where ? ` in ${where}` : '';
  const iamAction =
    context.service && context.operation
      ? `${IAM_PREFIXES[context.service] ?? context.service.toLowerCase()}:${
          context.operation
        }`
      : 'the missing permission';
  const resource = context.resource ? ` for ${context.resource}` : '';
  return { service, call, inWhere, iamAction, resource };
}

/**
 * Turns an error from an AWS SDK call into the Backstage error that says what
 * went wrong and what to do, so that routes answer with the right status:
 *
 * - access denied: `NotAllowedError` naming the IAM action to grant;
 * - rejected credentials: `NotAllowedError` pointing at `aws.accounts`;
 * - not found (or HTTP 404): `NotFoundError`;
 * - throttling: `AwsServiceUnavailableError` (503) with `retryAfterSeconds`;
 * - invalid request: `InputError`; conflicts (or HTTP 409): `ConflictError`;
 * - any other client fault that retrying cannot fix: `InputError` with
 *   AWS's reason, never a retryable 503;
 * - AWS failures (5xx, transient errors) and unreachable endpoints:
 *   `AwsServiceUnavailableError` with the request id.
 *
 * Errors that are neither AWS nor network errors (bugs) are returned as they
 * are. The account, region, service and operation come from `context`, or
 * else from what the client factory recorded for the error.
 *
 * @public
 */
export function mapAwsError(
  error: unknown,
  context: AwsCallContext = {},
): Error {
  // Duck-typed: SDK errors may come from another realm (e.g. under Jest).
  if (!isError(error)) {
    return new Error(
      `AWS call failed with a non-error value: ${String(error)}`,
    );
  }
  const e = error as SdkErrorLike;
  if (BACKSTAGE_ERRORS.has(e.name) || e.name === 'AbortError') {
    return e;
  }
  const ctx = { ...getAwsCallContext(e), ...context };
  const { service, call, inWhere, iamAction, resource } = describeCall(ctx);
  const inRegion = ctx.region ? ` in ${ctx.region}` : '';
  const requestId = e.$metadata?.requestId;
  // Each message says what happened and what to do; the AWS error follows as
  // "; caused by <name>: <message>", added by the Backstage error types.

  if (ACCESS_DENIED.has(e.name) || /AccessDenied/.test(e.name)) {
    return new NotAllowedError(
      `Shipyard's role${
        ctx.accountId ? ` in account ${ctx.accountId}` : ''
      } cannot call ${call}${inRegion}${resource}; ` +
        `grant ${iamAction} to the role Shipyard assumes there (aws.accounts[].roleName)`,
      e,
    );
  }

  if (/no AWS integration that matches/.test(e.message)) {
    return new NotAllowedError(
      `Shipyard has no credentials${
        ctx.accountId ? ` for account ${ctx.accountId}` : ''
      } to call ${call}; add the account to aws.accounts with the role Shipyard assumes there`,
      e,
    );
  }

  if (BAD_CREDENTIALS.has(e.name)) {
    return new NotAllowedError(
      `AWS rejected Shipyard's credentials${
        ctx.accountId ? ` for account ${ctx.accountId}` : ''
      } when calling ${call}${inRegion}; check the aws.accounts entry${
        ctx.accountId ? ` for ${ctx.accountId}` : ''
      } (roleName and externalId, or the static keys in development)`,
      e,
    );
  }

  if (THROTTLED.has(e.name) || isThrottlingError(e as any)) {
    const seconds = retryAfterSeconds(e, THROTTLING_RETRY_AFTER_SECONDS);
    const attempts = e.$metadata?.attempts;
    return new AwsServiceUnavailableError(
      `AWS ${service} is throttling ${call}${inWhere}${
        attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''
      }; try again in ${seconds} seconds`,
      { retryAfterSeconds: seconds, awsErrorName: e.name, requestId, cause: e },
    );
  }

  const httpStatus = e.$metadata?.httpStatusCode;

  if (/NotFound|^NoSuch/.test(e.name) || httpStatus === 404) {
    return new NotFoundError(
      `${call}${inWhere} found no such resource${resource}; check that it exists in that account and region`,
      e,
    );
  }

  if (INVALID_INPUT.has(e.name)) {
    return new InputError(
      `${call}${inWhere} rejected the request${resource} as invalid`,
      e,
    );
  }

  if (CONFLICT.has(e.name) || httpStatus === 409) {
    return new ConflictError(
      `${call}${inWhere} conflicts with a change in progress${resource}; try again once it has finished`,
      e,
    );
  }

  // Checked before other failures: the SDK gives transport errors $metadata
  // too, but no HTTP status.
  if (
    !httpStatus &&
    (NETWORK_CODES.test(`${e.code ?? ''} ${e.message}`) ||
      e.name === 'TimeoutError' ||
      e.name === 'RequestTimeout')
  ) {
    return new AwsServiceUnavailableError(
      `Could not reach AWS ${service} for ${call}${inWhere}; check the network and, in development, that the sandbox is running at shipyard.aws.endpoint`,
      { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS, cause: e },
    );
  }

  // A 4xx that AWS would answer again: the request or the resource has to
  // change first, so it is not a retryable 503. The SDK marks every error it
  // has no model for as a client fault, 5xx too, hence the status decides.
  if (
    (httpStatus ? httpStatus < 500 : e.$fault === 'client') &&
    e.$fault !== 'server' &&
    !isTransientError(e as any)
  ) {
    return new InputError(
      `AWS ${service} refused ${call}${inWhere}${resource} with ${e.name} (${[
        httpStatus ? `HTTP ${httpStatus}` : undefined,
        requestId ? `request id ${requestId}` : undefined,
      ]
        .filter(Boolean)
        .join(
          ', ',
        )}); trying again will not help until the request or the resource changes`,
      e,
    );
  }

  if (httpStatus || e.$fault) {
    const seconds = retryAfterSeconds(e, OUTAGE_RETRY_AFTER_SECONDS);
    return new AwsServiceUnavailableError(
      `AWS ${service} answered ${e.name} to ${call}${inWhere}${
        requestId ? ` (request id ${requestId})` : ''
      }; try again in ${seconds} seconds, and report the request id to AWS if it persists`,
      { retryAfterSeconds: seconds, awsErrorName: e.name, requestId, cause: e },
    );
  }

  return e;
}
