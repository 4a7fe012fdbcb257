/**
 * Overrides the environment tier's availability target for one component, in
 * percent (e.g. `99.95`). Validated by the catalog processor: a value outside
 * (0, 100] is a processing error on the entity, and the tier's target holds.
 *
 * @public
 */
export const AVAILABILITY_TARGET_ANNOTATION = 'shipyard.io/availability-target';

/**
 * Overrides the SLO's rolling window for one component, as a number of days
 * with a `d` suffix between 1d and 90d (e.g. `28d`).
 *
 * @public
 */
export const AVAILABILITY_WINDOW_ANNOTATION = 'shipyard.io/availability-window';
