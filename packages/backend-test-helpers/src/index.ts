/**
 * Helpers for Shipyard's backend tests.
 *
 * @packageDocumentation
 */

export { createResettableCache } from './createResettableCache';
export { eventually } from './eventually';
export { catalogUserInfoServiceFactory } from './catalogUserInfoServiceFactory';
export { pluginActorAuthServiceFactory } from './pluginActorAuthServiceFactory';
