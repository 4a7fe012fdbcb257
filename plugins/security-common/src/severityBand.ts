import type { SeverityBand } from './schema/openapi/generated';

/** The bands from most to least severe; `unknown` (no usable severity) last. */
export const severityBands: readonly SeverityBand[] = [
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
];

/**
 * GuardDuty's band of a severity: low 1.0-3.9, medium 4.0-6.9, high 7.0-8.9,
 * critical 9.0-10.0 (GuardDuty's "Severity levels" page). A severity that is
 * missing, not a number or outside 0-10 is `unknown`: a malformed finding is
 * kept and shown, not guessed at.
 *
 * @public
 */
export function severityBand(severity: unknown): SeverityBand {
  if (typeof severity !== 'number' || !Number.isFinite(severity)) {
    return 'unknown';
  }
  if (severity < 0 || severity > 10) {
    return 'unknown';
  }
  if (severity >= 9) {
    return 'critical';
  }
  if (severity >= 7) {
    return 'high';
  }
  if (severity >= 4) {
    return 'medium';
  }
  return 'low';
}
