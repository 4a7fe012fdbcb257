/**
 * Shipyard's security frontend plugin: the Security page (GuardDuty findings
 * in every environment), a component's Security tab and overview card, and
 * an environment's card.
 *
 * @packageDocumentation
 */

export { securityPlugin as default } from './plugin';
export { securityApiRef } from './api/securityApiRef';
