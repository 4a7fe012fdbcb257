/**
 * Helpers for Shipyard's backend tests and benchmarks.
 *
 * @packageDocumentation
 */

export { createResettableCache } from './createResettableCache';
export { eventually } from './eventually';
export { catalogUserInfoServiceFactory } from './catalogUserInfoServiceFactory';
export { cachedCatalogUserInfoServiceFactory } from './cachedCatalogUserInfoServiceFactory';
export { pluginActorAuthServiceFactory } from './pluginActorAuthServiceFactory';
export { createScratchDatabase } from './createScratchDatabase';
export type {
  ScratchDatabase,
  ScratchDatabaseKind,
} from './createScratchDatabase';
export { startBenchPortal } from './startBenchPortal';
export type { BenchPortal } from './startBenchPortal';
export { startAcceptanceBackend } from './startAcceptanceBackend';
