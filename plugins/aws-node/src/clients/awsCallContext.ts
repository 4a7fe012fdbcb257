/**
 * Which call an AWS error came from. The client factory's middleware records
 * it on every error it sees, so that {@link mapAwsError} can name the account
 * and operation without every caller repeating them.
 *
 * @public
 */
export interface AwsCallContext {
  accountId?: string;
  region?: string;
  /** The SDK client name without "Client", e.g. `ECS`. */
  service?: string;
  /** e.g. `DescribeServices`. */
  operation?: string;
  /** What the call was about, e.g. a service ARN, for the message. */
  resource?: string;
}

const contexts = new WeakMap<object, AwsCallContext>();

/** @internal */
export function setAwsCallContext(error: unknown, context: AwsCallContext) {
  if (typeof error === 'object' && error !== null && !contexts.has(error)) {
    contexts.set(error, context);
  }
}

/**
 * The context the client factory recorded for an error, if any.
 *
 * @public
 */
export function getAwsCallContext(error: unknown): AwsCallContext | undefined {
  return typeof error === 'object' && error !== null
    ? contexts.get(error)
    : undefined;
}
