/**
 * Helpers that Shipyard's frontend plugins share.
 *
 * @packageDocumentation
 */

export { RelativeTime } from './components/RelativeTime';
export { downloadCsv } from './csv/downloadCsv';
export { toCsv } from './csv/toCsv';
export type { CsvColumn, CsvValue } from './csv/toCsv';
export { entityPath } from './entity/EntityPath';
export type { EntityPath } from './entity/EntityPath';
export { humanizeRef } from './entity/humanizeRef';
export { ServiceLink } from './entity/ServiceLink';
export { prodFirst } from './environment/prodFirst';
export { isNotAllowed } from './errors/isNotAllowed';
export { formatMinutes } from './format/formatMinutes';
export {
  formatAbsoluteTime,
  formatRelativeTime,
} from './format/formatRelativeTime';
export { serverMessage } from './format/serverMessage';
export { useNow } from './format/useNow';
