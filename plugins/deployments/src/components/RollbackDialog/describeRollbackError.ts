import { ResponseError } from '@backstage/errors';
import { serverMessage } from '@internal/shipyard-react';

/** A failed rollback request, in words for the dialog. */
export interface RollbackErrorDescription {
  title: string;
  message: string;
}

/**
 * What to tell the user when CreateRollback fails. The server's message says
 * what went wrong (which permission, which rollback is already running, which
 * field is invalid), so it is always shown; the title says what kind of
 * failure it is and what to do about it.
 */
export function describeRollbackError(error: Error): RollbackErrorDescription {
  const message = serverMessage(error);
  if (!(error instanceof ResponseError)) {
    return { title: 'The rollback could not be requested', message };
  }
  switch (error.statusCode) {
    case 400:
      return { title: 'The rollback request was refused', message };
    case 403:
      return { title: 'You may not roll back here', message };
    case 404:
      return { title: 'The service or revision was not found', message };
    case 409:
      return {
        title: 'A rollback of this service is already running',
        message,
      };
    case 503: {
      const retryAfter = Number(error.response.headers.get('retry-after'));
      return {
        title:
          Number.isFinite(retryAfter) && retryAfter > 0
            ? `AWS is unavailable; try again in ${Math.ceil(retryAfter)} s`
            : 'AWS is unavailable; try again shortly',
        message,
      };
    }
    default:
      return { title: 'The rollback could not be requested', message };
  }
}
