/**
 * Test helpers for Shipyard's frontend plugins.
 *
 * @packageDocumentation
 */

export { catalogEntity, checkoutApi } from './catalogEntity';
export { minutesAgo } from './minutesAgo';
export { responseError } from './responseError';
