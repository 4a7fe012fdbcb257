import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  CacheService,
} from '@backstage/backend-plugin-api';
import { RefreshLimit } from './readRefreshLimit';
import { RefreshLimitExceededError } from './RefreshLimitExceededError';
import { RefreshLimiter } from './RefreshLimiter';

/**
 * A fixed-window counter per caller in the plugin's cache. In production
 * the cache is Redis, shared by every replica, so the budget holds across
 * them; in development it is the process's memory. The cache offers no
 * atomic increment: refreshes racing on two replicas within the same
 * milliseconds can each read the same count, so a burst may overshoot the
 * limit by the number of requests in flight at once, never more.
 */
export class DefaultRefreshLimiter implements RefreshLimiter {
  static create(options: {
    cache: CacheService;
    limit: RefreshLimit;
    now?: () => number;
  }): DefaultRefreshLimiter {
    return new DefaultRefreshLimiter(
      options.cache,
      options.limit,
      options.now ?? Date.now,
    );
  }

  private constructor(
    private readonly cache: CacheService,
    private readonly limit: RefreshLimit,
    private readonly now: () => number,
  ) {}

  async take(credentials: BackstageCredentials): Promise<void> {
    const now = this.now();
    const { requests, windowMs } = this.limit;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const remainingMs = windowStart + windowMs - now;
    const key = `refresh-limit:v1:${callerOf(credentials)}:${windowStart}`;
    const used = (await this.cache.get<number>(key)) ?? 0;
    if (used >= requests) {
      const retryAfterSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
      throw new RefreshLimitExceededError(
        `You have made ${requests} live refreshes in ${describe(
          windowMs,
        )}, the most Shipyard allows, so that AWS does not throttle everyone; try again in ${retryAfterSeconds} seconds. The stored resources stay available meanwhile.`,
        { retryAfterSeconds },
      );
    }
    await this.cache.set(key, used + 1, { ttl: remainingMs });
  }
}

function callerOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | BackstageUserPrincipal
    | BackstageServicePrincipal;
  return principal.type === 'user'
    ? principal.userEntityRef
    : `service:${principal.subject}`;
}

function describe(windowMs: number): string {
  if (windowMs % 60_000 === 0) {
    const minutes = windowMs / 60_000;
    return minutes === 1 ? 'a minute' : `${minutes} minutes`;
  }
  return `${Math.round(windowMs / 1000)} seconds`;
}
