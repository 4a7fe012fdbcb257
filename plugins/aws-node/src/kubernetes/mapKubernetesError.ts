import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AwsServiceUnavailableError } from '../errors/AwsServiceUnavailableError';

const THROTTLING_RETRY_AFTER_SECONDS = 5;
const OUTAGE_RETRY_AFTER_SECONDS = 15;

/**
 * Which Kubernetes API call failed, for the message.
 *
 * @public
 */
export interface KubernetesCallContext {
  environment: string;
  cluster: string;
  accountId: string;
  region: string;
  authProvider: 'aws' | 'serviceAccount';
  /** client-node's operation name, e.g. `listDeploymentsForAllNamespaces`. */
  operation: string;
  /** What the call needs in RBAC terms, e.g. `list deployments.apps in all namespaces`. */
  permission: string;
  /**
   * The object the call names, for a 404, e.g.
   * `deployments.apps "checkout-api" in namespace team-a`. Lists leave it out.
   */
  resource?: string;
  /**
   * Whether the call changes the object. Its failure without a client error
   * (5xx, unreachable) leaves the outcome unknown, and the message says so.
   */
  mutation?: boolean;
}

/**
 * A failed answer of a Kubernetes API server: its status, the `Status`
 * object's `reason` and `message` when it sent one, and `Retry-After`.
 *
 * @public
 */
export interface KubernetesFailure {
  statusCode: number;
  reason?: string;
  message?: string;
  retryAfter?: string;
}

function retryAfterSeconds(header: string | undefined, fallback: number) {
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

/**
 * Turns a failed Kubernetes API call on an EKS cluster (an error status, or
 * an error thrown by `fetch`) into the Backstage error that says what to do,
 * with the same types as {@link mapAwsError}: 401/403 `NotAllowedError`
 * (403 naming the RBAC permission), 404 `NotFoundError` (naming the object
 * when the context does), 409 `ConflictError`, 429, 410, 5xx and unreachable
 * servers `AwsServiceUnavailableError` (503 with `retryAfterSeconds`, never a
 * 500), other 4xx (400 BadRequest, 422 Invalid, ...) `InputError`: never a
 * retryable 503. Aborts and `InputError`s pass through.
 *
 * @public
 */
export function mapKubernetesError(
  failure: KubernetesFailure | unknown,
  context: KubernetesCallContext,
): Error {
  const where = `EKS cluster ${context.cluster} (environment ${context.environment}, account ${context.accountId}, ${context.region})`;
  const call = `Kubernetes ${context.operation}`;
  const unknownOutcome = context.mutation
    ? '; the change may have been applied, so read the object again before retrying'
    : '';

  if (isError(failure)) {
    if (failure.name === 'AbortError' || failure.name === 'InputError') {
      return failure;
    }
    return new AwsServiceUnavailableError(
      `Could not reach the Kubernetes API of ${where} for ${call}${unknownOutcome}; check shipyard.environments[].eksClusters[].url, the network and, in development, that the sandbox is running`,
      { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS, cause: failure },
    );
  }

  const { statusCode, reason, message, retryAfter } =
    failure as KubernetesFailure;
  const answered = reason ?? `HTTP ${statusCode}`;
  const cause = new Error(`${statusCode} ${answered}: ${message ?? ''}`);
  cause.name = reason ?? `Http${statusCode}`;

  if (statusCode === 401) {
    const fix =
      context.authProvider === 'aws'
        ? `give the IAM role Shipyard uses in account ${context.accountId} access to the cluster (an EKS access entry, or a mapping in the aws-auth ConfigMap)`
        : `check shipyard.environments[].eksClusters[].serviceAccountToken for ${context.cluster}`;
    return new NotAllowedError(
      `The Kubernetes API of ${where} rejected Shipyard's token for ${call}; ${fix}`,
      cause,
    );
  }
  if (statusCode === 403) {
    return new NotAllowedError(
      `Shipyard may not ${context.permission} in ${where} (${call}); grant it to Shipyard's Kubernetes identity with a ClusterRole and ClusterRoleBinding`,
      cause,
    );
  }
  if (statusCode === 404 && context.resource) {
    return new NotFoundError(
      `${call} in ${where} found no ${context.resource}`,
      cause,
    );
  }
  if (statusCode === 404) {
    return new NotFoundError(
      `${call} in ${where} found no such resource; check that the cluster's url points at its API server`,
      cause,
    );
  }
  // A stale resourceVersion (a rollback racing another change), or AlreadyExists.
  if (statusCode === 409) {
    return new ConflictError(
      `${call} in ${where} conflicts with a change made meanwhile (${answered}); read the object again and retry with its current resourceVersion`,
      cause,
    );
  }
  if (statusCode === 429) {
    const seconds = retryAfterSeconds(
      retryAfter,
      THROTTLING_RETRY_AFTER_SECONDS,
    );
    return new AwsServiceUnavailableError(
      `The Kubernetes API of ${where} is throttling ${call}; try again in ${seconds} seconds`,
      { retryAfterSeconds: seconds, awsErrorName: answered, cause },
    );
  }
  // 410 Gone: a list's continue token expired while paging; a new list works.
  if (statusCode >= 500 || statusCode === 410) {
    const seconds = retryAfterSeconds(retryAfter, OUTAGE_RETRY_AFTER_SECONDS);
    return new AwsServiceUnavailableError(
      `The Kubernetes API of ${where} answered ${answered} to ${call}${
        statusCode >= 500 ? unknownOutcome : ''
      }; try again in ${seconds} seconds`,
      { retryAfterSeconds: seconds, awsErrorName: answered, cause },
    );
  }
  return new InputError(
    `The Kubernetes API of ${where} rejected ${call} as invalid (${answered})`,
    cause,
  );
}
