/*
 * Shipyard availability backend: the measured series (component ×
 * environment), their good/total counts per minute, hour and day, the
 * incidents detected from the minutes, and the precomputed summaries the
 * portfolio reads.
 *
 * Times are epoch milliseconds in bigint columns: the same value and ordering
 * on SQLite and PostgreSQL, with no driver-specific date parsing. Counts are
 * bigint too: a busy service's requests per day exceed 2^31.
 */

// @ts-check

/**
 * The columns of the minute, hour and day tables.
 *
 * @param {import('knex').Knex.CreateTableBuilder} table
 */
function countColumns(table) {
  table
    .integer('series_id')
    .unsigned()
    .notNullable()
    .references('id')
    .inTable('series')
    .onDelete('CASCADE');
  table
    .bigInteger('start')
    .notNullable()
    .comment('Start of the bucket, epoch ms, aligned to its width (UTC)');
  table.bigInteger('good').notNullable();
  table.bigInteger('total').notNullable();
  table
    .integer('data_minutes')
    .notNullable()
    .comment('Minutes of the bucket that had data, with or without traffic');
  // Unnamed: knex's SQLite dialect mis-compiles `{ constraintName }` in
  // create table. The key serves every read (one series, a time range).
  table.primary(['series_id', 'start']);
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('series', table => {
    table.comment(
      'One measured (component, environment): where its numbers come from and how far the collector got',
    );
    table.increments('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('sli', 16).notNullable().comment('requests or health');
    table.text('source').notNullable().comment('JSON: the SliSource');
    table
      .bigInteger('first_data_at')
      .nullable()
      .comment('The first minute with data; NULL before any');
    table
      .bigInteger('collected_until')
      .nullable()
      .comment('Everything before this is stored: the resume cursor');
    table.unique(['entity_ref', 'environment'], {
      indexName: 'series_entity_environment_uq',
    });
  });

  await knex.schema.createTable('minutes', table => {
    table.comment(
      'Good/total per minute, kept for shipyard.availability.minuteRetention',
    );
    countColumns(table);
  });

  await knex.schema.createTable('hours', table => {
    table.comment(
      'Good/total per hour: the sums of its minutes, or CloudWatch hourly data for periods older than 1-minute data; kept for hourRetention',
    );
    countColumns(table);
  });

  await knex.schema.createTable('days', table => {
    table.comment(
      'Good/total per UTC day: the sums of its hours, kept for ever',
    );
    countColumns(table);
  });

  await knex.schema.createTable('incidents', table => {
    table.comment('Periods below target, detected from the minutes');
    table
      .integer('series_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('series')
      .onDelete('CASCADE');
    table.bigInteger('start_at').notNullable();
    table.bigInteger('end_at').nullable().comment('NULL while it lasts');
    table.bigInteger('good').notNullable();
    table.bigInteger('total').notNullable();
    table.primary(['series_id', 'start_at']);
  });

  await knex.schema.createTable('summaries', table => {
    table.comment(
      'Precomputed figures per series and period, written after each collection cycle, for the portfolio',
    );
    table
      .integer('series_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('series')
      .onDelete('CASCADE');
    table.string('period', 16).notNullable();
    table.text('figures').notNullable().comment('JSON');
    table.bigInteger('computed_at').notNullable();
    table.primary(['series_id', 'period']);
    table.index(['period'], 'summaries_period_idx');
  });

  await knex.schema.createTable('watermarks', table => {
    table.comment(
      'How far minutes and hours have been pruned: below it a bucket lost some of its finer rows, so writes there add differences instead of recomputing sums',
    );
    table.string('name', 16).primary().comment('minutes or hours');
    table.bigInteger('pruned_before').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('watermarks');
  await knex.schema.dropTable('summaries');
  await knex.schema.dropTable('incidents');
  await knex.schema.dropTable('days');
  await knex.schema.dropTable('hours');
  await knex.schema.dropTable('minutes');
  await knex.schema.dropTable('series');
};
