import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Meters live refreshes per caller, across every replica. */
export interface RefreshLimiter {
  /**
   * Counts one refresh by the caller, or throws
   * `RefreshLimitExceededError` (429) when their budget for the current
   * window is spent.
   */
  take(credentials: BackstageCredentials): Promise<void>;
}
