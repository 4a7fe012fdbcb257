/**
 * Supplies the Kubernetes plugin's clusters from Shipyard's environments, and limits its
 * reads to what the owning team and SREs may see.
 *
 * @packageDocumentation
 */

export { kubernetesModuleShipyardEnvironments as default } from './module';
export { ShipyardClusterSupplier } from './ShipyardClusterSupplier';
export { ShipyardObjectsProvider } from './ShipyardObjectsProvider';
