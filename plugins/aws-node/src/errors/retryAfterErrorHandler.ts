import { AwsServiceUnavailableError } from './AwsServiceUnavailableError';

/**
 * An Express error middleware for a plugin's router: when AWS (or a
 * Kubernetes API server) asked us to back off, it tells the client when to
 * come back with `Retry-After`. The backend's error handler still writes the
 * 503 body. Typed structurally so that aws-node needs no Express.
 *
 * @public
 */
export function retryAfterErrorHandler() {
  return (
    error: unknown,
    _req: unknown,
    res: { setHeader(name: string, value: string): unknown },
    next: (error?: unknown) => void,
  ) => {
    if (error instanceof AwsServiceUnavailableError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    next(error);
  };
}
