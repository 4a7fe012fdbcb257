/**
 * Shipyard availability: types, client and annotations shared by the
 * availability frontend and backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './parseAvailabilityAnnotations';
export * from './schema/openapi/generated';
