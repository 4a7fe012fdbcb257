export { RollbackDialog } from './RollbackDialog';
export type { RollbackDialogProps } from './RollbackDialog';
export { RollbackProgress } from './RollbackProgress';
