import { Knex } from 'knex';

/**
 * The `collector_runs` table as DefaultCollectorRunRecorder documents it, for
 * its own tests. The plugins' migrations create theirs, and their tests run
 * the recorder on them.
 */
export async function createCollectorRunsTable(knex: Knex): Promise<void> {
  await knex.schema.createTable('collector_runs', table => {
    table.bigIncrements('id').primary();
    table.string('collector_id', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.string('status', 32).notNullable();
    table.text('calls').notNullable();
    table.text('error').nullable();
    table.index(['collector_id', 'started_at']);
  });
}
