/**
 * Shipyard's AWS frontend plugin: the "Runs in" entity card.
 *
 * @packageDocumentation
 */

export { awsPlugin as default } from './plugin';
export { awsApiRef } from './api/awsApiRef';
