/**
 * Shipyard costs: types, client and the permission shared by the costs
 * frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './schema/openapi/generated';
