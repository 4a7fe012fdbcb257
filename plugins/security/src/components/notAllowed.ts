import { ResponseError } from '@backstage/errors';

/** The backend refused: the caller may not read these findings (403). */
export function isNotAllowed(error: Error | undefined): boolean {
  return (
    error instanceof ResponseError &&
    (error.response.status === 403 ||
      error.body?.error?.name === 'NotAllowedError')
  );
}
