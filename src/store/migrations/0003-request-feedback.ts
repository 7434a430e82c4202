import type { Kysely, Migration } from 'kysely';

/**
 * Feedback on requests (POST /v1/feedback). `request_id` is the id the client saw in x-request-id and
 * has no foreign key: feedback may arrive while the request's row still waits in the log writer's
 * queue, and the request log may be off or its rows past retention. Readers join request_logs on
 * `id` or `client_request_id` for the model group and the deployment.
 * 'double precision' is REAL affinity in SQLite and float8 in PostgreSQL ('real' would be float4 there,
 * and 0.7 would come back as 0.699999988…).
 */
export const requestFeedback: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('request_feedback')
      .addColumn('id', 'text', (column) => column.primaryKey().notNull())
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('key_id', 'text')
      .addColumn('score', 'double precision', (column) => column.notNull())
      .addColumn('label', 'text')
      .execute();
    await db.schema.createIndex('request_feedback_request_id').on('request_feedback').columns(['request_id', 'at', 'id']).execute();
    // Lists are newest first by (at, id), as the request log's are.
    await db.schema.createIndex('request_feedback_at').on('request_feedback').columns(['at', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_feedback').execute();
  },
};
