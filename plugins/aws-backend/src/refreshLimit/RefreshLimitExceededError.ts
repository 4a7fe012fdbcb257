import { CustomErrorBase } from '@backstage/errors';

/**
 * The caller used up their live refreshes for the current window: HTTP 429
 * (Backstage's error handler answers an error's `statusCode`), with when
 * the next window opens for `Retry-After`.
 */
export class RefreshLimitExceededError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
  /** Seconds until the caller's budget is renewed. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: { retryAfterSeconds: number }) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
