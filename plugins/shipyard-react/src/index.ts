/**
 * Helpers that Shipyard's frontend plugins share.
 *
 * @packageDocumentation
 */

export { RelativeTime } from './components/RelativeTime';
export { entityPath } from './entity/EntityPath';
export type { EntityPath } from './entity/EntityPath';
export { humanizeRef } from './entity/humanizeRef';
export { formatMinutes } from './format/formatMinutes';
export {
  formatAbsoluteTime,
  formatRelativeTime,
} from './format/formatRelativeTime';
export { serverMessage } from './format/serverMessage';
export { useNow } from './format/useNow';
