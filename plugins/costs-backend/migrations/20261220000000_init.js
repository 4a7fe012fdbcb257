/*
 * Shipyard costs backend: Cost Explorer's daily unblended costs per
 * environment, component tag value and AWS service, their monthly totals,
 * the collector's cursors, forecasts and anomalies, and what Shipyard's own
 * Cost Explorer requests cost (each is billed $0.01).
 *
 * Days are `YYYY-MM-DD` strings and months `YYYY-MM` (UTC), as Cost Explorer
 * writes them: they sort and compare as strings on SQLite and PostgreSQL
 * alike. Instants are epoch milliseconds in bigint columns.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('daily_costs', table => {
    table.comment(
      'One environment, day, component tag value and AWS service: GetCostAndUsage DAILY UnblendedCost grouped by the component tag and SERVICE',
    );
    table.string('environment', 63).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table
      .string('component', 255)
      .notNullable()
      .comment('The component tag value; empty for cost without the tag');
    table.string('aws_service', 255).notNullable();
    table.double('amount').notNullable();
    table.string('currency', 8).notNullable();
    table
      .boolean('estimated')
      .notNullable()
      .comment('Cost Explorer may still revise the day');
    // Unnamed: knex's SQLite dialect mis-compiles `{ constraintName }` in
    // create table. The key serves the collector's replace of an
    // environment's days and environment reads by day.
    table.primary(['environment', 'day', 'component', 'aws_service']);
    table.index(
      ['component', 'environment', 'day'],
      'daily_costs_component_idx',
    );
  });

  await knex.schema.createTable('monthly_costs', table => {
    table.comment(
      'The sums of daily_costs per environment, month and component tag value, written with them, for the portfolio',
    );
    table.string('environment', 63).notNullable();
    table.string('month', 7).notNullable().comment('YYYY-MM, UTC');
    table.string('component', 255).notNullable();
    table.string('currency', 8).notNullable();
    table.double('amount').notNullable();
    table
      .boolean('estimated')
      .notNullable()
      .comment('Any of its days is estimated');
    table.primary(['environment', 'month', 'component', 'currency']);
    table.index(['month'], 'monthly_costs_month_idx');
  });

  await knex.schema.createTable('cursors', table => {
    table.comment('How far the collector got per environment');
    table.string('environment', 63).primary();
    table
      .string('collected_until', 10)
      .nullable()
      .comment('Every day before it is stored and final; NULL before any');
    table
      .bigInteger('refreshed_at')
      .nullable()
      .comment('When rows of the environment were last stored');
  });

  await knex.schema.createTable('forecasts', table => {
    table.comment(
      'GetCostForecast per environment: the rest of the current month, [from_day, to_day)',
    );
    table.string('environment', 63).primary();
    table.string('month', 7).notNullable();
    table.string('from_day', 10).notNullable();
    table.string('to_day', 10).notNullable();
    table.double('mean').notNullable();
    table.double('low').notNullable();
    table.double('high').notNullable();
    table.string('currency', 8).notNullable();
    table.bigInteger('computed_at').notNullable();
  });

  await knex.schema.createTable('anomalies', table => {
    table.comment(
      'GetAnomalies, linked to the component tag value when the collector could',
    );
    table.string('id', 255).primary().comment('The AnomalyId of Cost Explorer');
    table.string('environment', 63).notNullable();
    table.string('start_day', 10).notNullable();
    table
      .string('end_day', 10)
      .nullable()
      .comment('Last day, inclusive; NULL while it lasts');
    table.double('impact').notNullable();
    table.string('currency', 8).notNullable();
    table.string('component', 255).nullable().comment('NULL when not linked');
    table.string('aws_service', 255).nullable();
    table.string('account_id', 12).nullable();
    table.string('region', 32).nullable();
    table.string('usage_type', 255).nullable();
    table.index(['start_day'], 'anomalies_start_idx');
  });

  await knex.schema.createTable('api_requests', table => {
    table.comment(
      'Cost Explorer requests of Shipyard per month, of every replica: each is billed $0.01',
    );
    table.string('month', 7).primary();
    table.bigInteger('requests').notNullable();
  });

  await knex.schema.createTable('refreshes', table => {
    table.comment(
      'Each refresh the collector started: at most shipyard.costs.refreshesPerDay a day, across replicas and restarts',
    );
    table.bigIncrements('id').primary();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table
      .boolean('succeeded')
      .nullable()
      .comment('NULL while running, or when its replica stopped');
    table.index(['started_at'], 'refreshes_started_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('refreshes');
  await knex.schema.dropTable('api_requests');
  await knex.schema.dropTable('anomalies');
  await knex.schema.dropTable('forecasts');
  await knex.schema.dropTable('cursors');
  await knex.schema.dropTable('monthly_costs');
  await knex.schema.dropTable('daily_costs');
};
