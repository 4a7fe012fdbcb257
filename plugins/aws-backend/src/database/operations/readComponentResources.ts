import { Knex } from 'knex';
import { StoredComponentResources } from '../StoredComponentResources';
import {
  ComponentResourcesRow,
  toComponentResources,
} from '../ComponentResourcesRow';

/**
 * Reads what was collected for one component in one environment, or
 * `undefined` if the collector has not stored anything for it yet.
 */
export async function readComponentResources(
  knex: Knex,
  options: { componentRef: string; environment: string },
): Promise<StoredComponentResources | undefined> {
  const row = await knex<ComponentResourcesRow>('component_resources')
    .where({
      component_ref: options.componentRef,
      environment: options.environment,
    })
    .first();
  return row ? toComponentResources(row) : undefined;
}
