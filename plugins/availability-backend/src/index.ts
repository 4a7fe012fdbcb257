/**
 * Shipyard's availability backend plugin: SLOs, error budgets, burn rates
 * and incidents per service and environment, under /api/availability.
 *
 * @packageDocumentation
 */

export { availabilityPlugin as default } from './plugin';
export { catalogModuleAvailabilityAnnotations } from './catalog/catalogModuleAvailabilityAnnotations';
export { AVAILABILITY_COLLECTOR_ID } from './collectors/createAvailabilityCollector';
