import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import { AwsServiceUnavailableError } from './AwsServiceUnavailableError';

const BACKSTAGE_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/**
 * Errors that carry what AWS or a Kubernetes API server said: the mapped
 * errors of aws-node keep it as their `cause` (and in the message after
 * "caused by"), and a 500 has a message nobody reviewed. Request
 * validation, permission refusals, unknown entities and the refresh limit
 * carry no cause and are shown as they are.
 */
function carriesInternals(error: Error): boolean {
  if ((error as { cause?: unknown }).cause !== undefined) {
    return true;
  }
  const { statusCode, status } = error as {
    statusCode?: unknown;
    status?: unknown;
  };
  const code = [statusCode, status].find(c => typeof c === 'number');
  if (code !== undefined) {
    return (code as number) >= 500;
  }
  return !BACKSTAGE_ERRORS.has(error.name);
}

/** The same error type (so the same status), with a message without internals. */
function redact(error: Error, reference: string): Error {
  const where = `The cause is in the server log under reference ${reference}; SREs see it here.`;
  if (error instanceof AwsServiceUnavailableError) {
    return new AwsServiceUnavailableError(
      `AWS or Kubernetes is throttling Shipyard or unavailable; try again in ${error.retryAfterSeconds} seconds. ${where}`,
      { retryAfterSeconds: error.retryAfterSeconds },
    );
  }
  switch (error.name) {
    case 'NotAllowedError':
      return new NotAllowedError(
        `Shipyard may not make an AWS or Kubernetes call this request needs; the platform team must grant it. ${where}`,
      );
    case 'NotFoundError':
      return new NotFoundError(
        `AWS or Kubernetes found no such resource for this request. ${where}`,
      );
    case 'InputError':
      return new InputError(
        `AWS or Kubernetes refused this request; trying again will not help until the request or the resource changes. ${where}`,
      );
    case 'ConflictError':
      return new ConflictError(
        `This request conflicts with a change in progress in AWS or Kubernetes; try again once it has finished. ${where}`,
      );
    case 'ServiceUnavailableError':
      return new ServiceUnavailableError(
        `AWS or Kubernetes is unavailable; try again shortly. ${where}`,
      );
    default:
      return new Error(`Shipyard could not answer this request. ${where}`);
  }
}

/**
 * An Express error middleware for a plugin's router that keeps what AWS and
 * Kubernetes said (assumed-role ARNs, account ids, cluster URLs, request
 * ids) out of the error bodies of callers who may not read diagnostics: it
 * logs the full error with a reference and passes on an error of the same
 * type (so the same status and `Retry-After`) whose message says what
 * happened and quotes the reference. Callers for whom `readsDiagnostics`
 * answers true (the `aws.diagnostics.read` permission) get the error as it
 * is. Typed structurally so that aws-node needs no Express.
 *
 * @public
 */
export function diagnosticsErrorHandler<
  Req extends { method: string; originalUrl: string },
>(options: {
  logger: LoggerService;
  readsDiagnostics: (req: Req) => Promise<boolean>;
}) {
  return async (
    error: unknown,
    req: Req,
    _res: unknown,
    next: (error?: unknown) => void,
  ) => {
    if (!isError(error) || !carriesInternals(error)) {
      next(error);
      return;
    }
    const reference = randomUUID();
    options.logger.warn(
      `${req.method} ${
        req.originalUrl
      } failed (reference ${reference}): ${stringifyError(error)}`,
      { reference, cause: stringifyError(error.cause ?? error) },
    );
    let diagnostics = false;
    try {
      diagnostics = await options.readsDiagnostics(req);
    } catch (checkError) {
      // Fail closed: without an answer the caller gets the redacted error.
      options.logger.warn(
        `Could not check aws.diagnostics.read for reference ${reference}: ${stringifyError(
          checkError,
        )}`,
      );
    }
    next(diagnostics ? error : redact(error, reference));
  };
}
