/**
 * The roles of the Shipyard permission policy, from most to least capable.
 * `unassigned` is a signed-in user whom no role mapping matches: such a user may only read.
 *
 * @public
 */
export const shipyardRoles = [
  'sre',
  'developer',
  'manager',
  'unassigned',
] as const;

/** @public */
export type ShipyardRole = (typeof shipyardRoles)[number];
