import { createBackendModule } from '@backstage/backend-plugin-api';
import { CATALOG_ERRORS_TOPIC } from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';

/** What the catalog reports on its processing-errors topic for one entity. */
export type CatalogError = {
  entity: string;
  location: string;
  errors: Array<{ name: string; message: string }>;
};

/** A catalog module that collects what the catalog reports on its processing-errors topic. */
export function catalogErrorCollector(received: CatalogError[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(reg) {
      reg.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-error-collector',
            topics: [CATALOG_ERRORS_TOPIC],
            async onEvent({ eventPayload }) {
              received.push(eventPayload as CatalogError);
            },
          });
        },
      });
    },
  });
}
