import {
  AVAILABILITY_TARGET_ANNOTATION,
  AVAILABILITY_WINDOW_ANNOTATION,
} from './annotations';

/**
 * A component's own availability objective, where its annotations set one.
 *
 * @public
 */
export interface AvailabilityAnnotations {
  /** Percent, in (0, 100]. */
  target?: number;
  /** Whole days, 1 to 90. */
  windowDays?: number;
}

/**
 * Either the validated annotations or every problem found, each a sentence
 * meant for the entity's owner.
 *
 * @public
 */
export type ParseAvailabilityAnnotationsResult =
  | { value: AvailabilityAnnotations; errors?: undefined }
  | { value?: undefined; errors: string[] };

const TARGET_PATTERN = /^\d{1,3}(\.\d{1,4})?$/;
const WINDOW_PATTERN = /^(\d{1,2})d$/;
const MAX_WINDOW_DAYS = 90;

/**
 * Validates `shipyard.io/availability-target` and
 * `shipyard.io/availability-window`. Pure: the catalog processor reports the
 * errors on the entity, and the backend ignores an invalid value (the tier's
 * objective holds), so both read the annotations the same way.
 *
 * @public
 */
export function parseAvailabilityAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): ParseAvailabilityAnnotationsResult {
  const annotations = entity.metadata.annotations ?? {};
  const errors: string[] = [];
  const value: AvailabilityAnnotations = {};

  const rawTarget = annotations[AVAILABILITY_TARGET_ANNOTATION];
  if (rawTarget !== undefined) {
    const text = rawTarget.trim().replace(/\s*%$/, '');
    const target = Number(text);
    if (TARGET_PATTERN.test(text) && target > 0 && target <= 100) {
      value.target = target;
    } else {
      errors.push(
        `Annotation "${AVAILABILITY_TARGET_ANNOTATION}" must be a percentage above 0 and at most 100 with up to four decimals, e.g. "99.95", got "${rawTarget}". Until it is fixed, the environment tier's target applies.`,
      );
    }
  }

  const rawWindow = annotations[AVAILABILITY_WINDOW_ANNOTATION];
  if (rawWindow !== undefined) {
    const match = WINDOW_PATTERN.exec(rawWindow.trim());
    const days = match ? Number(match[1]) : NaN;
    if (days >= 1 && days <= MAX_WINDOW_DAYS) {
      value.windowDays = days;
    } else {
      errors.push(
        `Annotation "${AVAILABILITY_WINDOW_ANNOTATION}" must be a number of days from 1d to ${MAX_WINDOW_DAYS}d, e.g. "28d", got "${rawWindow}". Until it is fixed, the environment tier's window applies.`,
      );
    }
  }

  return errors.length ? { errors } : { value };
}
