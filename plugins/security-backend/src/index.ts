/**
 * Shipyard's security backend plugin: Amazon GuardDuty findings per
 * environment and service, under /api/security.
 *
 * @packageDocumentation
 */

export { securityPlugin as default } from './plugin';
export { SECURITY_COLLECTOR_ID } from './collectors/createSecurityCollector';
