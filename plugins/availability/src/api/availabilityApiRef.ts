import { createApiRef } from '@backstage/frontend-plugin-api';
import { AvailabilityClient } from '@internal/plugin-availability-common';

/** The client of the `availability` backend plugin, generated from its OpenAPI spec. */
export const availabilityApiRef = createApiRef<AvailabilityClient>().with({
  id: 'plugin.availability.client',
  pluginId: 'availability',
});
