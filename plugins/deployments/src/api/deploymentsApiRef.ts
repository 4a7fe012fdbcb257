import { createApiRef } from '@backstage/frontend-plugin-api';
import { DeploymentsClient } from '@internal/plugin-deployments-common';

/** The client of the `deployments` backend plugin, generated from its OpenAPI spec. */
export const deploymentsApiRef = createApiRef<DeploymentsClient>().with({
  id: 'plugin.deployments.client',
  pluginId: 'deployments',
});
