/**
 * Shipyard's deployments backend plugin: what runs where on ECS and EKS, and
 * safe rollbacks, under /api/deployments.
 *
 * @packageDocumentation
 */

export { deploymentsPlugin as default } from './plugin';
export { DEPLOYMENTS_COLLECTOR_ID } from './collectors/createDeploymentsCollector';
