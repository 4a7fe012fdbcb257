/*
 * A failed rollback's error is Shipyard's own sentence, shown to everyone who
 * may read the record; what AWS or Kubernetes answered (assumed-role ARNs,
 * account ids, request ids) is kept apart in error_cause, for callers with
 * aws.diagnostics.read. Rollbacks recorded before keep their error as it was
 * written, with the cause in it, so it moves to error_cause and the error
 * says only that the rollback failed.
 */

// @ts-check

const EARLIER_ERROR =
  'The rollback failed; the cause is recorded for SREs (aws.diagnostics.read).';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollbacks', table => {
    table
      .text('error_cause')
      .nullable()
      .comment(
        'What AWS or Kubernetes answered when the rollback failed; for aws.diagnostics.read only',
      );
  });
  await knex('rollbacks')
    .whereNotNull('error')
    .update({ error_cause: knex.ref('error'), error: EARLIER_ERROR });
  await knex('rollback_steps')
    .where({ state: 'failed' })
    .whereNotNull('message')
    .update({ message: EARLIER_ERROR });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('rollbacks')
    .whereNotNull('error_cause')
    .update({ error: knex.ref('error_cause') });
  await knex.schema.alterTable('rollbacks', table => {
    table.dropColumn('error_cause');
  });
};
