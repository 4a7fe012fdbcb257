export type {
  ShipyardEnvironments,
  EksClusterConnection,
} from './ShipyardEnvironments';
export { DefaultShipyardEnvironments } from './DefaultShipyardEnvironments';
export {
  environmentsServiceRef,
  environmentsServiceFactory,
} from './environmentsServiceRef';
