import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The first schema. Written with the schema builder only, so the same statements run on SQLite and
 * PostgreSQL: 'bigint' is INTEGER affinity in SQLite and int8 in PostgreSQL (money and times need
 * more than 32 bits), 'text' is text in both.
 */
export const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (column) => column.primaryKey().notNull())
      .addColumn('name', 'text', (column) => column.notNull().unique())
      .addColumn('limits', 'text', (column) => column.notNull())
      .addColumn('metadata', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('teams_updated_at').on('teams').column('updated_at').execute();

    await db.schema
      .createTable('virtual_keys')
      .addColumn('id', 'text', (column) => column.primaryKey().notNull())
      .addColumn('name', 'text', (column) => column.notNull().unique())
      .addColumn('hash', 'text', (column) => column.notNull().unique())
      .addColumn('preview', 'text', (column) => column.notNull())
      // No ON DELETE: a team that still has keys cannot go (deleteTeam says so).
      .addColumn('team_id', 'text', (column) => column.references('teams.id'))
      .addColumn('limits', 'text', (column) => column.notNull())
      .addColumn('metadata', 'text', (column) => column.notNull())
      .addColumn('tags', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addColumn('previous_hash', 'text')
      .addColumn('previous_valid_until', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('virtual_keys_previous_hash').on('virtual_keys').column('previous_hash').execute();
    await db.schema.createIndex('virtual_keys_created').on('virtual_keys').columns(['created_at', 'id']).execute();
    // Also the index the foreign key needs so that deleting a team does not scan the keys.
    await db.schema.createIndex('virtual_keys_team_created').on('virtual_keys').columns(['team_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('virtual_keys_updated_at').on('virtual_keys').column('updated_at').execute();

    await db.schema
      .createTable('credentials')
      .addColumn('name', 'text', (column) => column.primaryKey().notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('ciphertext', 'text', (column) => column.notNull())
      .addColumn('hint', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('request_logs')
      .addColumn('id', 'text', (column) => column.primaryKey().notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('endpoint', 'text', (column) => column.notNull())
      .addColumn('key_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('deployment', 'text')
      .addColumn('provider', 'text')
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('route_reason', 'text')
      .addColumn('stream', 'integer', (column) => column.notNull())
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('output_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cached_input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cache_write_input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('reasoning_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cost_nusd', 'bigint', (column) => column.notNull())
      .addColumn('latency_ms', 'bigint', (column) => column.notNull())
      .addColumn('ttft_ms', 'bigint')
      .execute();
    // Every list is "newest first by (at, id)", optionally narrowed to one key, team, model or
    // deployment: each index ends in (at, id) so a page is one range scan that stops after `limit`.
    await db.schema.createIndex('request_logs_at').on('request_logs').columns(['at', 'id']).execute();
    await db.schema.createIndex('request_logs_key_at').on('request_logs').columns(['key_id', 'at', 'id']).execute();
    await db.schema.createIndex('request_logs_team_at').on('request_logs').columns(['team_id', 'at', 'id']).execute();
    await db.schema.createIndex('request_logs_model_at').on('request_logs').columns(['model', 'at', 'id']).execute();
    await db.schema.createIndex('request_logs_deployment_at').on('request_logs').columns(['deployment', 'at', 'id']).execute();
    // Errors are a few percent of the rows: a partial index finds a page of them without walking
    // past every success. Queries must say `status >= 400` literally for the planners to use it.
    await db.schema.createIndex('request_logs_errors_at').on('request_logs').columns(['at', 'id']).where(sql.ref('status'), '>=', 400).execute();

    await db.schema
      .createTable('request_log_details')
      .addColumn('request_id', 'text', (column) => column.primaryKey().notNull().references('request_logs.id').onDelete('cascade'))
      .addColumn('trace', 'text')
      .addColumn('request_body', 'text')
      .addColumn('response_body', 'text')
      .execute();

    await db.schema
      .createTable('spend_daily')
      .addColumn('day', 'text', (column) => column.notNull())
      .addColumn('key_id', 'text', (column) => column.notNull())
      .addColumn('team_id', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('deployment', 'text', (column) => column.notNull())
      .addColumn('requests', 'bigint', (column) => column.notNull())
      .addColumn('input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('output_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cached_input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cache_write_input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('reasoning_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cost_nusd', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('spend_daily_pk', ['day', 'key_id', 'team_id', 'model', 'provider', 'deployment'])
      .execute();
    // Budgets ask "spend of this key (team) since day D"; reports over a day range use the primary key.
    await db.schema.createIndex('spend_daily_key_day').on('spend_daily').columns(['key_id', 'day']).execute();
    await db.schema.createIndex('spend_daily_team_day').on('spend_daily').columns(['team_id', 'day']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['spend_daily', 'request_log_details', 'request_logs', 'credentials', 'virtual_keys', 'teams']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
