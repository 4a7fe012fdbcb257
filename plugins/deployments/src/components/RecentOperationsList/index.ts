export { RecentOperationsList } from './RecentOperationsList';
export type { RecentOperationsListProps } from './RecentOperationsList';
