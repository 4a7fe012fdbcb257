/**
 * Shipyard's costs backend plugin: AWS costs per environment, team and
 * service from Cost Explorer, under /api/costs.
 *
 * @packageDocumentation
 */
