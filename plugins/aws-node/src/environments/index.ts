export type {
  ShipyardEnvironments,
  EksClusterConnection,
  ShipyardEnvironmentsListener,
} from './ShipyardEnvironments';
export { DefaultShipyardEnvironments } from './DefaultShipyardEnvironments';
export {
  environmentsServiceRef,
  environmentsServiceFactory,
} from './environmentsServiceRef';
