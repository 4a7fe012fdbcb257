/**
 * Shipyard AWS types, annotations and tag keys shared by frontend and backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './ShipyardTagKeys';
export * from './ShipyardEnvironment';
export * from './ComponentResources';
export * from './parseShipyardAnnotations';
export * from './componentRunsIn';
export * from './permissions';
