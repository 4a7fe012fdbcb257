import { SandboxError } from '../../server/SandboxError';

/** GuardDuty answers every malformed request with BadRequestException (400). */
export const GUARDDUTY_VALIDATION_ERROR = 'BadRequestException';

export function badRequest(message: string): SandboxError {
  return new SandboxError(GUARDDUTY_VALIDATION_ERROR, message, 400);
}

/**
 * A GuardDuty response as on the wire: restJson1 with camelCase JSON names (`findingIds`,
 * `findingStatistics`), which the SDK's PascalCase output types do not describe.
 */
export type GuardDutyWireOutput = Record<string, unknown>;
