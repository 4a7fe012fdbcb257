/**
 * Whether AWS blames the caller (`Sender`, 4xx) or itself (`Receiver`, 5xx); awsQuery error
 * documents and the query-compatible JSON header carry it.
 */
export type SandboxErrorFault = 'Sender' | 'Receiver';

/**
 * An AWS error, thrown by handlers with the service's own error name (for example
 * `ServiceNotFoundException`); each protocol adapter serialises it the way that service does.
 *
 * @public
 */
export class SandboxError extends Error {
  readonly statusCode: number;
  /**
   * The awsQuery error code, when it differs from the JSON error name (CloudWatch's JSON errors
   * such as `InvalidParameterValueException` are known to query clients as `InvalidParameterValue`).
   */
  readonly queryErrorCode?: string;

  constructor(
    name: string,
    message: string,
    statusCode: number = 400,
    options?: { queryErrorCode?: string },
  ) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.queryErrorCode = options?.queryErrorCode;
  }

  get fault(): SandboxErrorFault {
    return this.statusCode >= 500 ? 'Receiver' : 'Sender';
  }
}
