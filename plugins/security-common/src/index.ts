/**
 * Shipyard security: types, client, severity bands and the permissions
 * shared by the security frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './severityBand';
export * from './schema/openapi/generated';
