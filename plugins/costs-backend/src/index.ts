/**
 * Shipyard's costs backend plugin: AWS costs per environment, team and
 * service from Cost Explorer, under /api/costs.
 *
 * @packageDocumentation
 */

export { costsPlugin as default } from './plugin';
export { COSTS_COLLECTOR_ID } from './collectors/createCostsCollector';
