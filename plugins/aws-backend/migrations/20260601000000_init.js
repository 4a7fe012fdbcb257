/*
 * Shipyard AWS backend: the tables the collectors write and the routes read.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('collector_runs', table => {
    table.comment('One row per finished run of a scheduled AWS collector');
    table.bigIncrements('id').primary();
    table.string('collector_id', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.string('status', 32).notNullable().comment('succeeded or failed');
    table
      .text('calls')
      .notNullable()
      .comment('JSON array of {service, operation, count} made by the run');
    table.text('error').nullable();
    table.index(['collector_id', 'started_at'], 'collector_runs_collector_idx');
  });

  await knex.schema.createTable('component_resources', table => {
    table.comment(
      'The AWS resources tagged for a component in one environment, as last collected',
    );
    table.string('component_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table
      .string('component_tag', 255)
      .notNullable()
      .comment('The shipyard:component tag value the resources carry');
    table.text('ecs_services').notNullable().comment('JSON array');
    table.text('eks_workloads').notNullable().comment('JSON array');
    table.text('target_groups').notNullable().comment('JSON array');
    table.text('alarms').notNullable().comment('JSON array');
    table.timestamp('collected_at', { useTz: true }).notNullable();
    table.primary(['component_ref', 'environment'], 'component_resources_pk');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('component_resources');
  await knex.schema.dropTable('collector_runs');
};
