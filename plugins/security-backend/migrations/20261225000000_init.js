/*
 * Shipyard security backend: Amazon GuardDuty findings as the collector
 * synced them (archived findings are marked, never deleted, for trends), the
 * detector of every account and region with the sync's cursor, and when the
 * last complete sync finished.
 *
 * Instants are epoch milliseconds in bigint columns, as in the costs
 * plugin: they compare the same on SQLite and PostgreSQL.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('findings', table => {
    table.comment(
      'One GuardDuty finding (GetFindings), attributed to an environment and, through its resource tags, a component',
    );
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('id', 255).notNullable().comment('GuardDuty finding id');
    table.string('environment', 63).notNullable();
    table
      .string('component', 255)
      .nullable()
      .comment('The component tag value; NULL for a platform finding');
    table.string('type', 255).nullable();
    table.text('title').nullable();
    table.text('description').nullable();
    table
      .double('severity')
      .nullable()
      .comment('0 to 10; NULL when missing or not a number');
    table
      .string('band', 16)
      .notNullable()
      .comment('critical, high, medium, low or unknown');
    table
      .integer('band_rank')
      .notNullable()
      .comment('0 for critical to 4 for unknown: the order lists sort by');
    table.string('resource_type', 255).nullable();
    table.text('resource_label').notNullable();
    table.text('resource_arn').nullable();
    table.bigInteger('first_seen').nullable();
    table.bigInteger('last_seen').nullable();
    table
      .bigInteger('updated_at')
      .nullable()
      .comment("GuardDuty's updatedAt, what the sync's cursor follows");
    table.integer('count').nullable();
    table.boolean('archived').notNullable();
    table
      .bigInteger('archived_at')
      .nullable()
      .comment('When a sync first found it archived or gone');
    table
      .bigInteger('notified_at')
      .nullable()
      .comment('When its owners were notified of it; NULL: not notified');
    table
      .text('search_text')
      .notNullable()
      .comment(
        'Id, type, title, resource label and component, lower case: what text search matches',
      );
    table
      .text('raw')
      .notNullable()
      .comment('The finding as GetFindings returned it, JSON');
    // Unnamed: knex's SQLite dialect mis-compiles `{ constraintName }` in
    // create table. The key also serves a detector's findings
    // (archiveMissing, markNotified).
    table.primary(['account_id', 'region', 'id']);
    // Lists: active (or archived) findings, most severe first, then the most
    // recently seen.
    table.index(['archived', 'band_rank', 'last_seen'], 'findings_listing_idx');
    table.index(['component', 'environment'], 'findings_component_idx');
    table.index(['environment', 'archived'], 'findings_environment_idx');
    table.index(['type'], 'findings_type_idx');
    // getFinding reads by id alone, in any account and region.
    table.index(['id'], 'findings_id_idx');
    // Counts and trends: active findings and those archived since a day.
    table.index(['archived_at'], 'findings_archived_at_idx');
  });

  await knex.schema.createTable('detectors', table => {
    table.comment(
      'GuardDuty in one account and region as the last sync found it, with the sync cursor',
    );
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table
      .string('detector_id', 255)
      .nullable()
      .comment('NULL when ListDetectors found none (GuardDuty off)');
    table.string('status', 16).notNullable().comment('enabled, off or error');
    table.bigInteger('checked_at').notNullable();
    table.text('message').nullable().comment('Why the last sync failed');
    table
      .bigInteger('cursor')
      .nullable()
      .comment(
        'Every finding updated before it is stored; the next sync lists from it',
      );
    table
      .bigInteger('imported_at')
      .nullable()
      .comment(
        'When a sync first listed every active finding; NULL during the first import',
      );
    table
      .text('statistics')
      .nullable()
      .comment(
        'GetFindingsStatistics COUNT_BY_SEVERITY of active findings by band, JSON',
      );
    table.primary(['account_id', 'region']);
  });

  await knex.schema.createTable('sync_state', table => {
    table.comment('When the last complete sync of every detector finished');
    table.string('key', 32).primary();
    table.bigInteger('synced_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('sync_state');
  await knex.schema.dropTable('detectors');
  await knex.schema.dropTable('findings');
};
