import type { Kysely, Migration } from 'kysely';

/**
 * The id a client sent in x-request-id, beside the gateway's own row id: a client may send the same id
 * twice, and the row id must be unique per request (the log writer's replays skip ids already written,
 * so a reused client id would have dropped later requests from the log and from spend). Indexed so a
 * client's id finds its rows.
 */
export const clientRequestId: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('request_logs').addColumn('client_request_id', 'text').execute();
    await db.schema.createIndex('request_logs_client_request_id').on('request_logs').column('client_request_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('request_logs_client_request_id').execute();
    await db.schema.alterTable('request_logs').dropColumn('client_request_id').execute();
  },
};
