import { Knex } from 'knex';
import { ComponentResourcesRow } from '../ComponentResourcesRow';

/**
 * Removes the rows of an environment that a complete collection did not
 * rewrite: components that left the catalog or stopped running there.
 * Returns the number of rows removed.
 */
export async function deleteComponentResourcesCollectedBefore(
  knex: Knex,
  options: { environment: string; before: Date },
): Promise<number> {
  return knex<ComponentResourcesRow>('component_resources')
    .where('environment', options.environment)
    .andWhere('collected_at', '<', options.before)
    .delete();
}
