/**
 * Shipyard deployments: types, client and permissions shared by the
 * deployments frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './schema/openapi/generated';
