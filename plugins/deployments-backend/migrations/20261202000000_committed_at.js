/*
 * The commit time of each deployment, where the pipeline records it
 * (shipyard:committed-at on the task definition, shipyard.io/committed-at on
 * the pod template): the DORA figures' lead time for changes. Epoch
 * milliseconds, as every time in this plugin's tables. Deployments recorded
 * before keep NULL: their revisions carried no commit time.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table
      .bigInteger('committed_at')
      .nullable()
      .comment('When the deployed commit was made; NULL when not recorded');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('committed_at');
  });
};
