import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ShipyardPermissionPolicy } from './ShipyardPermissionPolicy';

/**
 * Installs {@link ShipyardPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export const permissionModuleShipyardPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'shipyard-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          ShipyardPermissionPolicy.fromConfig(config, { userInfo }),
        );
      },
    });
  },
});
