import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { componentRunsIn } from '@internal/plugin-aws-common';
import {
  ResourceLocator,
  ShipyardEnvironments,
  listShipyardComponents,
} from '@internal/plugin-aws-node';
import { ComponentResourcesStore } from '../database/ComponentResourcesStore';

/**
 * One run of the resource-inventory collector: lists the components that
 * declare a runtime, locates their resources in every environment with one
 * batched lookup per environment, and stores them.
 *
 * A component tag value belongs to one entity (`resolveComponentTagHolders`):
 * a component that claims a value another one holds gets nothing stored, and
 * its previous rows go with the stale ones.
 *
 * An environment that fails keeps its previous rows while the others are
 * stored; the run then throws, naming the failed environments, so that it is
 * recorded as failed.
 */
export async function collectResourceInventory(deps: {
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  locator: Pick<ResourceLocator, 'locateMany'>;
  store: ComponentResourcesStore;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<void> {
  const { environments, locator, store, logger, signal } = deps;
  const components = await listShipyardComponents(deps);

  const failures: Array<{ environment: string; error: unknown }> = [];
  const stored: string[] = [];
  for (const environment of environments.list().map(e => e.name)) {
    signal?.throwIfAborted();
    const here = components.filter(c =>
      componentRunsIn(c.annotations, environment),
    );
    const collectedAt = new Date();
    try {
      const located = await locator.locateMany(
        here.map(c => ({
          componentTagValue: c.annotations.componentTagValue,
          runtime: c.annotations.runtime,
        })),
        environment,
        { signal },
      );
      await store.upsert(
        here.map(c => ({
          ...located.get(c.annotations.componentTagValue)!,
          componentRef: c.ref,
          collectedAt,
        })),
      );
      const removed = await store.deleteCollectedBefore({
        environment,
        before: collectedAt,
      });
      stored.push(environment);
      logger.debug(
        `Stored the resources of ${here.length} components in ${environment}, removed ${removed} stale rows`,
      );
    } catch (error) {
      failures.push({ environment, error });
    }
  }

  if (failures.length) {
    const detail = failures
      .map(f => `${f.environment}: ${stringifyError(f.error)}`)
      .join('; ');
    throw new ServiceUnavailableError(
      `Could not collect the resources of ${failures
        .map(f => f.environment)
        .join(', ')} (${detail}); ${
        stored.length ? `stored ${stored.join(', ')}` : 'nothing was stored'
      }. The previous data of the failed environments is kept.`,
    );
  }
}
