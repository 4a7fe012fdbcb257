/*
 * Shipyard deployments backend: what the collector saw running, the task
 * definitions it read (immutable, so read once), the deployment history and
 * the durable record of every rollback attempt.
 *
 * Times are epoch milliseconds in bigint columns: the same value and ordering
 * on SQLite and PostgreSQL, with no driver-specific date parsing.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployment_targets', table => {
    table.comment(
      'An ECS service or EKS Deployment of a component in an environment, as last collected',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table
      .string('target_id', 512)
      .notNullable()
      .comment('ECS service ARN, or eks:<cluster>/<namespace>/<name>');
    table.text('data').notNullable().comment('JSON: the DeploymentTarget');
    table.bigInteger('collected_at').notNullable();
    // Unnamed: knex's SQLite dialect mis-compiles `{ constraintName }` in
    // create table, and the string form is deprecated.
    table.primary(['entity_ref', 'environment', 'target_id']);
  });

  await knex.schema.createTable('revisions', table => {
    table.comment(
      'Task definitions and ReplicaSet templates, read once: a task definition ARN never changes',
    );
    table.string('revision_id', 512).primary().notNullable();
    table
      .string('target_id', 512)
      .notNullable()
      .comment('The target the revision belongs to (family / Deployment)');
    table.text('data').notNullable().comment('JSON: Revision and its spec');
    table.bigInteger('fetched_at').notNullable();
    table.index(['target_id'], 'revisions_target_idx');
  });

  await knex.schema.createTable('deployments', table => {
    table.comment('One row per revision that started running on a target');
    table.string('id', 64).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('owner', 255).nullable();
    table.string('environment', 63).notNullable();
    table.string('target_id', 512).notNullable();
    table.string('revision_id', 512).notNullable();
    table.text('revision').notNullable().comment('JSON: the Revision');
    table.bigInteger('deployed_at').notNullable();
    table.string('deployed_by', 255).nullable();
    table
      .string('rollback_id', 36)
      .nullable()
      .comment('Set when a Shipyard rollback started this revision');
    table.index(['entity_ref', 'environment'], 'deployments_entity_idx');
    table.index(['deployed_at'], 'deployments_deployed_at_idx');
  });

  await knex.schema.createTable('rollbacks', table => {
    table.comment(
      'The durable record of each rollback attempt: written before AWS is called',
    );
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('owner', 255).nullable();
    table.string('environment', 63).notNullable();
    table.string('target_id', 512).notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('idempotency_key', 200).nullable();
    table
      .string('active_key', 600)
      .nullable()
      .comment(
        'target@environment while the rollback runs, NULL after: the unique index allows one running rollback per target across replicas',
      );
    table.text('from_revision').notNullable().comment('JSON: Revision');
    table.text('to_revision').notNullable().comment('JSON: Revision');
    table.text('reason').notNullable();
    table.string('state', 32).notNullable();
    table.text('error').nullable();
    table.bigInteger('requested_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.unique(['active_key'], { indexName: 'rollbacks_active_key_uq' });
    table.unique(['requested_by', 'idempotency_key'], {
      indexName: 'rollbacks_idempotency_uq',
    });
    table.index(['entity_ref', 'environment'], 'rollbacks_entity_idx');
    table.index(['requested_at'], 'rollbacks_requested_at_idx');
  });

  await knex.schema.createTable('rollback_steps', table => {
    table.comment('Every state a rollback went through, in order');
    table.bigIncrements('id').primary();
    table
      .string('rollback_id', 36)
      .notNullable()
      .references('id')
      .inTable('rollbacks')
      .onDelete('CASCADE');
    table.string('state', 32).notNullable();
    table.bigInteger('at').notNullable();
    table.text('message').nullable();
    table.index(['rollback_id'], 'rollback_steps_rollback_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollback_steps');
  await knex.schema.dropTable('rollbacks');
  await knex.schema.dropTable('deployments');
  await knex.schema.dropTable('revisions');
  await knex.schema.dropTable('deployment_targets');
};
