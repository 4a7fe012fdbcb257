import { ShipyardRole } from './ShipyardRole';

/**
 * Decides a user's Shipyard role from their ownership entity refs.
 *
 * @public
 */
export interface RoleMapping {
  roleOf(ownershipEntityRefs: string[]): ShipyardRole;
}
