import { createApiRef } from '@backstage/frontend-plugin-api';
import { SecurityClient } from '@internal/plugin-security-common';

/** The client of the `security` backend plugin, generated from its OpenAPI spec. */
export const securityApiRef = createApiRef<SecurityClient>().with({
  id: 'plugin.security.client',
  pluginId: 'security',
});
