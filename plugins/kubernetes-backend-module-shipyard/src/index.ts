/**
 * Supplies the Kubernetes plugin's clusters from Shipyard's environments.
 *
 * @packageDocumentation
 */

export { kubernetesModuleShipyardEnvironments as default } from './module';
export { ShipyardClusterSupplier } from './ShipyardClusterSupplier';
