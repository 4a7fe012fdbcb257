import type { OperationHandler } from './OperationHandler';
import type { SandboxError } from './SandboxError';
import type { SandboxRequest, SandboxResponse } from './SandboxRequest';
import type { Scenario } from '../scenario/Scenario';
import type { SandboxState } from '../state/SandboxState';

/**
 * A restJson1 operation's HTTP binding, e.g.
 * `{ method: 'POST', path: '/detector/{detectorId}/findings/get', operation: 'GetFindings' }`.
 * A label written `{name+}` matches several path segments.
 *
 * @public
 */
export interface RestJsonRoute {
  method: string;
  path: string;
  operation: string;
  /** The status of a successful response when it is not 200. */
  successStatus?: number;
}

/**
 * The wire protocol of an AWS service, as its SDK client declares it.
 *
 * @public
 */
export type SandboxProtocol =
  | { type: 'awsJson1_1'; targetPrefix: string }
  | { type: 'awsJson1_0'; targetPrefix: string; awsQueryCompatible?: boolean }
  | { type: 'awsQuery'; version: string; xmlNamespace: string }
  | { type: 'restJson1'; routes: RestJsonRoute[] };

/**
 * An AWS error a service answers with, by name and status.
 *
 * @public
 */
export interface SandboxErrorShape {
  name: string;
  statusCode: number;
  /** The awsQuery code, for query-compatible JSON services (CloudWatch's `Throttling`). */
  queryErrorCode?: string;
}

/**
 * An AWS service the sandbox speaks: how to reach it, its operations, and the error names that
 * the sandbox itself raises on its behalf.
 *
 * @public
 */
export interface SandboxService {
  /** Key in stats and faults, e.g. `ecs`. */
  name: string;
  /** The SigV4 signing name, which awsQuery and restJson1 requests are routed by (`sts`, `guardduty`). */
  signingName: string;
  protocol: SandboxProtocol;
  errors: {
    /** What the service answers when it throttles (ECS: `ThrottlingException`, 400). */
    throttling: SandboxErrorShape;
    /** The error name for malformed input (ECS: `InvalidParameterException`). */
    validation: string;
  };
  operations: Record<string, OperationHandler>;
  /**
   * awsQuery operations that AWS serves without a signature (STS AssumeRoleWithWebIdentity,
   * whose proof is the token it carries). Their handlers get no caller account: `accountId`
   * and `caller.accessKeyId` are empty and `region` is `us-east-1`.
   */
  unsignedOperations?: readonly string[];
}

/**
 * What a non-AWS HTTP API (the EKS clusters' Kubernetes API, GitLab) gets per request.
 *
 * @public
 */
export interface SandboxHttpContext {
  now: Date;
  state: SandboxState;
  scenario: Scenario;
  requestId: string;
}

/**
 * A non-AWS HTTP API served under a path prefix. Stats and faults apply to it as to AWS
 * services, keyed by `name` and `operationOf(request)`.
 *
 * @public
 */
export interface SandboxHttpService {
  name: string;
  /** Requests whose path starts with this prefix (e.g. `/eks/`) go to this service. */
  pathPrefix: string;
  /** Names the operation for stats and faults, e.g. `listNamespacedDeployment`. */
  operationOf(request: SandboxRequest): string;
  handle(
    request: SandboxRequest,
    ctx: SandboxHttpContext,
  ): SandboxResponse | Promise<SandboxResponse>;
  /** Renders a `SandboxError` (thrown by `handle` or injected as a fault) as this API does. */
  renderError(error: SandboxError, request: SandboxRequest): SandboxResponse;
  errors: { throttling: SandboxErrorShape };
  /**
   * Releases what the service keeps outside memory (the GitLab stand-in's repositories on disk).
   * The server calls it when it closes, after its last request; it may be called again.
   */
  close?(): Promise<void>;
}
