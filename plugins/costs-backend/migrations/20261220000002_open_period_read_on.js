/*
 * The day the collector last read an environment's open period (the current
 * month, and the previous one until it is final) in full. The first refresh
 * of a UTC day reads it; the day's later refreshes read only the last few
 * days, which Cost Explorer revises most. NULL until the next complete read,
 * so the first refresh after this migration reads the open period.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cursors', table => {
    table
      .string('open_period_read_on', 10)
      .nullable()
      .comment(
        'YYYY-MM-DD, UTC: the open period was last read in full that day',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cursors', table => {
    table.dropColumn('open_period_read_on');
  });
};
