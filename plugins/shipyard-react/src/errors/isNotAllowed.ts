import { ResponseError } from '@backstage/errors';

/**
 * The backend refused: the caller may not read what was asked (403), which
 * a view tells apart from a failure to say who may.
 */
export function isNotAllowed(error: Error | undefined): boolean {
  return (
    error instanceof ResponseError &&
    (error.response.status === 403 ||
      error.body?.error?.name === 'NotAllowedError')
  );
}
