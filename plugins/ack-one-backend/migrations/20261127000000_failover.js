// @ts-check

/**
 * Failover requests and their transitions. Times are ISO 8601 strings (UTC),
 * which sort as they read; lease_until is milliseconds since the epoch.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('failover_requests', table => {
    table.comment('Failover requests of the ack-one plugin');
    table.increments('seq').primary().comment('Order of creation (paging)');
    table.string('id', 36).notNullable().unique();
    table.string('entity_ref', 512).notNullable();
    table.string('state', 16).notNullable();
    table.text('steps').notNullable().comment('JSON FailoverStep[]');
    table.text('reason').notNullable();
    table.string('window_not_before', 32).nullable();
    table.string('window_not_after', 32).nullable();
    table.boolean('warm_up').notNullable().defaultTo(false);
    table.boolean('emergency').notNullable().defaultTo(false);
    table.string('requested_by', 512).notNullable();
    table.string('requested_at', 32).notNullable();
    table.string('decided_by', 512).nullable();
    table.string('decided_at', 32).nullable();
    table
      .text('previous')
      .nullable()
      .comment('JSON split before the first step');
    table.text('progress').notNullable().comment('JSON FailoverStepProgress[]');
    table
      .text('gateway_before')
      .nullable()
      .comment('JSON: the Ingresses as they were before the first step');
    table
      .text('warm_up_before')
      .nullable()
      .comment('JSON: replica counts and HPA minimums before warm-up');
    table
      .integer('load_replicas')
      .nullable()
      .comment('Replicas carrying the traffic when execution started');
    table
      .text('stop_reason')
      .nullable()
      .comment('Why the execution is being rolled back');
    table.string('lease_owner', 64).nullable();
    table.bigInteger('lease_until').nullable();
    table.float('duration_seconds').nullable();
    table.integer('rto_seconds').nullable();
    table.string('updated_at', 32).notNullable();
    table.index(['entity_ref', 'seq'], 'failover_requests_entity_idx');
    table.index(['state'], 'failover_requests_state_idx');
  });
  await knex.schema.createTable('failover_events', table => {
    table.comment('Transitions of failover requests, with what was true then');
    table.increments('seq').primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('failover_requests')
      .onDelete('CASCADE');
    table.string('at', 32).notNullable();
    table.string('actor', 512).notNullable();
    table.string('from_state', 16).nullable();
    table.string('to_state', 16).notNullable();
    table.text('reason').nullable();
    table.integer('step').nullable();
    table.text('checks').nullable().comment('JSON SafetyCheck[]');
    table.text('snapshot').nullable().comment('JSON DrSnapshot');
    table.index(['request_id', 'seq'], 'failover_events_request_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('failover_events');
  await knex.schema.dropTable('failover_requests');
};
