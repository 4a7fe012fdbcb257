/**
 * Shipyard's permission policy: roles from group membership, decisions by permission and ownership.
 *
 * @packageDocumentation
 */

export { permissionModuleShipyardPolicy as default } from './module';
export { ShipyardPermissionPolicy } from './ShipyardPermissionPolicy';
export { DefaultRoleMapping } from './DefaultRoleMapping';
export type { RoleMapping } from './RoleMapping';
export { shipyardRoles } from './ShipyardRole';
export type { ShipyardRole } from './ShipyardRole';
export { decisionTable } from './decisionTable';
export { templateActions, userTokenActions } from './templateActions';
export type { DecisionTable, Outcome, RoleOutcomes } from './decisionTable';
