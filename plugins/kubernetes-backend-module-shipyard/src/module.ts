import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubernetesClusterSupplierExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { environmentsServiceRef } from '@internal/plugin-aws-node';
import { ShipyardClusterSupplier } from './ShipyardClusterSupplier';

/**
 * Gives the Kubernetes plugin its clusters from `shipyard.environments`, in
 * place of `kubernetes.clusterLocatorMethods`.
 *
 * @public
 */
export const kubernetesModuleShipyardEnvironments = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'shipyard-environments',
  register(reg) {
    reg.registerInit({
      deps: {
        clusterSupplier: kubernetesClusterSupplierExtensionPoint,
        config: coreServices.rootConfig,
        environments: environmentsServiceRef,
        logger: coreServices.logger,
      },
      async init({ clusterSupplier, config, environments, logger }) {
        clusterSupplier.addClusterSupplier(
          ShipyardClusterSupplier.create({ config, environments, logger }),
        );
      },
    });
  },
});
