/**
 * Shipyard's deployments frontend plugin: the "Deployments" tab of a
 * component, rollbacks, the portfolio page and the "Recent deployments" card
 * of an environment.
 *
 * @packageDocumentation
 */

export { deploymentsPlugin as default } from './plugin';
export { deploymentsApiRef } from './api/deploymentsApiRef';
export { RecentOperationsList } from './components/RecentOperationsList';
export type { RecentOperationsListProps } from './components/RecentOperationsList';
