/**
 * Shipyard AWS types, annotations and tag keys shared by frontend and backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './ShipyardTagKeys';
export * from './ShipyardEnvironment';
export * from './LocatedResources';
export * from './shipyardNamePatterns';
export * from './schema/openapi/generated';
export * from './parseShipyardAnnotations';
export * from './componentRunsIn';
export * from './sortByTier';
export * from './resolveComponentTagHolders';
export * from './permissions';
export * from './linkTagMismatches';
