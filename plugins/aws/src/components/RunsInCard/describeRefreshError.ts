import { ResponseError } from '@backstage/errors';
import { serverMessage } from '@internal/shipyard-react';

/**
 * What to tell the user when a refresh fails. A 503 is AWS throttling (or
 * failing): the backend passes on AWS's Retry-After. A 403 says which grant
 * Shipyard's role lacks, so the server's message is the useful part.
 */
export function describeRefreshError(error: Error): string {
  if (error instanceof ResponseError) {
    if (error.statusCode === 503) {
      const retryAfter = Number(error.response.headers.get('retry-after'));
      return Number.isFinite(retryAfter) && retryAfter > 0
        ? `AWS is throttling; try again in ${Math.ceil(retryAfter)} s`
        : 'AWS is throttling; try again shortly';
    }
    if (error.statusCode === 403) {
      return serverMessage(error);
    }
  }
  return `Refresh failed: ${serverMessage(error)}`;
}
