import type { Scenario } from '../scenario/Scenario';
import type { SandboxState } from '../state/SandboxState';

/**
 * What a handler knows about the call besides its input.
 *
 * @public
 */
export interface OperationContext {
  /** The calling account, from the SigV4 access key id (`SANDBOX<accountId>`). */
  accountId: string;
  /** The region from the SigV4 credential scope. */
  region: string;
  /** The sandbox clock at the start of the request; use it instead of `new Date()`. */
  now: Date;
  state: SandboxState;
  scenario: Scenario;
  requestId: string;
  caller: { accessKeyId: string; sessionToken?: string };
  /** Raw HTTP details, for restJson1 operations that read headers or repeated query values. */
  http: {
    pathParams: Record<string, string>;
    query: URLSearchParams;
    headers: Record<string, string | string[] | undefined>;
  };
}

/**
 * One AWS operation. `input` is the request as it is on the wire (JSON member names, or the
 * decoded awsQuery form), not yet validated; the returned value is serialised by the service's
 * protocol (Date becomes epoch seconds in JSON protocols and ISO 8601 in XML). Throw
 * `SandboxError` with the service's error name to fail.
 *
 * @public
 */
export type OperationHandler<TInput = any, TOutput = any> = (
  input: TInput,
  ctx: OperationContext,
) => TOutput | Promise<TOutput>;
