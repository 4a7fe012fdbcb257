import { ResponseError } from '@backstage/errors';

/**
 * The message the backend put in its error body, which says what went wrong;
 * a ResponseError's own message only has the status code.
 */
export function serverMessage(error: Error): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error.message;
}
