import { chunk } from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import { StoredComponentResources } from '../StoredComponentResources';
import {
  ComponentResourcesRow,
  toComponentResourcesRow,
} from '../ComponentResourcesRow';

// Eight bound values a row; this keeps a statement far below SQLite's and
// PostgreSQL's limits on bound parameters.
const ROWS_PER_STATEMENT = 500;

/** Inserts or replaces the resources of components in environments. */
export async function upsertComponentResources(
  knex: Knex,
  resources: StoredComponentResources[],
): Promise<void> {
  const rows = resources.map(toComponentResourcesRow);
  await knex.transaction(async tx => {
    for (const batch of chunk(rows, ROWS_PER_STATEMENT)) {
      await tx<ComponentResourcesRow>('component_resources')
        .insert(batch)
        .onConflict(['component_ref', 'environment'])
        .merge();
    }
  });
}
