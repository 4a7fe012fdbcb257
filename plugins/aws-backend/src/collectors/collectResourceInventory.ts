import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SHIPYARD_ANNOTATION_RUNTIME,
  ShipyardAnnotations,
  componentRunsIn,
  parseShipyardAnnotations,
} from '@internal/plugin-aws-common';
import {
  ResourceLocator,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import { deleteComponentResourcesCollectedBefore } from '../database/operations/deleteComponentResourcesCollectedBefore';
import { upsertComponentResources } from '../database/operations/upsertComponentResources';

type Component = { ref: string; annotations: ShipyardAnnotations };

/**
 * One run of the resource-inventory collector: lists the components that
 * declare a runtime, locates their resources in every environment with one
 * batched lookup per environment, and stores them.
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
  knex: Knex;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<void> {
  const { environments, locator, knex, logger, signal } = deps;
  const components = await listComponents(deps);

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
      await upsertComponentResources(
        knex,
        here.map(c => ({
          ...located.get(c.annotations.componentTagValue)!,
          componentRef: c.ref,
          collectedAt,
        })),
      );
      const removed = await deleteComponentResourcesCollectedBefore(knex, {
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

async function listComponents(deps: {
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  logger: LoggerService;
}): Promise<Component[]> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const environmentNames = deps.environments.list().map(e => e.name);
  const components: Component[] = [];
  for await (const page of deps.catalog.streamEntities(
    {
      filter: {
        kind: 'component',
        [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials },
  )) {
    for (const entity of page) {
      const parsed = parseShipyardAnnotations(entity, { environmentNames });
      if (parsed.errors) {
        // The catalog processor reports these on the entity already.
        deps.logger.debug(
          `Skipping ${stringifyEntityRef(entity)}: ${parsed.errors.join(' ')}`,
        );
        continue;
      }
      components.push({
        ref: stringifyEntityRef(entity),
        annotations: parsed.value,
      });
    }
  }
  return components;
}
