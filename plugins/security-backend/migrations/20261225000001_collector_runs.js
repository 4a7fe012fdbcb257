/*
 * The runs of the security collector, recorded by aws-node's
 * DefaultCollectorRunRecorder (its table, its column types: timestamps, not
 * this plugin's epoch milliseconds): `running` from the start, then how it
 * ended, or `abandoned` when its replica stopped mid-run.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('collector_runs', table => {
    table.comment('One row per run of a scheduled collector of this plugin');
    table.bigIncrements('id').primary();
    table.string('collector_id', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('NULL while running, and for an abandoned run');
    table
      .string('status', 32)
      .notNullable()
      .comment('running, succeeded, failed or abandoned');
    table
      .text('calls')
      .notNullable()
      .comment('JSON array of {service, operation, count} made by the run');
    table.text('error').nullable();
    table.index(['collector_id', 'started_at'], 'collector_runs_collector_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('collector_runs');
};
