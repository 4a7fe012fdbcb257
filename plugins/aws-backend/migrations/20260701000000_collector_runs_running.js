/*
 * Collector runs are recorded when they start (status `running`) and updated
 * when they finish, so that a run whose replica stopped mid-way is not lost:
 * the next run marks it `abandoned`. Neither has a finish time.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('collector_runs', table => {
    table.timestamp('finished_at', { useTz: true }).nullable().alter();
    table
      .string('status', 32)
      .notNullable()
      .comment('running, succeeded, failed or abandoned')
      .alter();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The old schema knows finished runs only.
  await knex('collector_runs')
    .whereIn('status', ['running', 'abandoned'])
    .delete();
  await knex.schema.alterTable('collector_runs', table => {
    table.timestamp('finished_at', { useTz: true }).notNullable().alter();
    table
      .string('status', 32)
      .notNullable()
      .comment('succeeded or failed')
      .alter();
  });
};
