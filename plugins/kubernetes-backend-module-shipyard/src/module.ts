import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  kubernetesClusterSupplierExtensionPoint,
  kubernetesObjectsProviderExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import { environmentsServiceRef } from '@internal/plugin-aws-node';
import { DefaultRoleMapping } from '@internal/plugin-permission-backend-module-shipyard-policy';
import { checkProductionClusterConfig } from './checkProductionClusterConfig';
import { ShipyardClusterSupplier } from './ShipyardClusterSupplier';
import { ShipyardObjectsProvider } from './ShipyardObjectsProvider';

/**
 * Gives the Kubernetes plugin its clusters from `shipyard.environments`, in
 * place of `kubernetes.clusterLocatorMethods`. When `NODE_ENV` is `production`, start-up
 * fails on a cluster that skips TLS verification or is reached over plain http.
 * A component's resources are read only by its owning team and SREs, and
 * never ConfigMaps or Secrets ({@link ShipyardObjectsProvider}).
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
        objectsProvider: kubernetesObjectsProviderExtensionPoint,
        config: coreServices.rootConfig,
        environments: environmentsServiceRef,
        logger: coreServices.logger,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
      },
      async init({
        clusterSupplier,
        objectsProvider,
        config,
        environments,
        logger,
        auth,
        userInfo,
      }) {
        checkProductionClusterConfig(config);
        clusterSupplier.addClusterSupplier(
          ShipyardClusterSupplier.create({ config, environments, logger }),
        );
        // The roles as the permission policy maps them, from the same configuration.
        const roles = DefaultRoleMapping.fromConfig(config);
        objectsProvider.addObjectsProvider(async ({ getDefault }) =>
          ShipyardObjectsProvider.create({
            provider: await getDefault(),
            auth,
            userInfo,
            roles,
          }),
        );
      },
    });
  },
});
