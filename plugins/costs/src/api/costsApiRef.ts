import { createApiRef } from '@backstage/frontend-plugin-api';
import { CostsClient } from '@internal/plugin-costs-common';

/** The client of the `costs` backend plugin, generated from its OpenAPI spec. */
export const costsApiRef = createApiRef<CostsClient>().with({
  id: 'plugin.costs.client',
  pluginId: 'costs',
});
