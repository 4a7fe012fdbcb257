import { SandboxError } from '../../server/SandboxError';

/** Cost Explorer answers malformed requests with ValidationException. */
export const COST_EXPLORER_VALIDATION_ERROR = 'ValidationException';

export function validation(message: string): SandboxError {
  return new SandboxError(COST_EXPLORER_VALIDATION_ERROR, message);
}
