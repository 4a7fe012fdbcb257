/**
 * Shipyard's AWS backend plugin: environments, the resource-inventory
 * collector and the routes that read what it stored.
 *
 * @packageDocumentation
 */

export { awsPlugin as default } from './plugin';
export { RESOURCE_INVENTORY_COLLECTOR_ID } from './collectors/createResourceInventoryCollector';
