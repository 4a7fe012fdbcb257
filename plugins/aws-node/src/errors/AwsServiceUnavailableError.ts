import { ServiceUnavailableError } from '@backstage/errors';

/**
 * AWS throttled Shipyard or failed on its side. A `ServiceUnavailableError`
 * (HTTP 503) that also says when to try again, so routes can set
 * `Retry-After`.
 *
 * @public
 */
export class AwsServiceUnavailableError extends ServiceUnavailableError {
  /** Seconds to wait before trying again. */
  readonly retryAfterSeconds: number;
  /** The AWS error name, e.g. `ThrottlingException`, when AWS answered. */
  readonly awsErrorName?: string;
  /** The AWS request id, when AWS answered. */
  readonly requestId?: string;

  constructor(
    message: string,
    options: {
      retryAfterSeconds: number;
      awsErrorName?: string;
      requestId?: string;
      cause?: unknown;
    },
  ) {
    super(message, options.cause);
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.awsErrorName = options.awsErrorName;
    this.requestId = options.requestId;
  }
}
