import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubernetesClusterSupplierExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { environmentsServiceRef } from '@internal/plugin-aws-node';
import { checkProductionClusterConfig } from './checkProductionClusterConfig';
import { ShipyardClusterSupplier } from './ShipyardClusterSupplier';

/**
 * Gives the Kubernetes plugin its clusters from `shipyard.environments`, in
 * place of `kubernetes.clusterLocatorMethods`. When `NODE_ENV` is `production`, start-up
 * fails on a cluster that skips TLS verification or is reached over plain http.
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
        checkProductionClusterConfig(config);
        clusterSupplier.addClusterSupplier(
          ShipyardClusterSupplier.create({ config, environments, logger }),
        );
      },
    });
  },
});
