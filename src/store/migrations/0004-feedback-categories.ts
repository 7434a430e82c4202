import type { Kysely, Migration } from 'kysely';

/**
 * Task categories for learning from feedback (the `bandit` strategy):
 * - `request_logs.category`: the request's category (an `llm` classifier's, or the bandit's own from
 *   metadata or a header); NULL when nothing decided one.
 * - `request_feedback.model`, `.deployment`, `.category`: what the request was, filled in when the
 *   replica that served it takes the feedback (it still remembers the request). Such feedback counts
 *   without waiting for the request's log row (queued in batches, or never written with the log off);
 *   NULL otherwise, and readers join request_logs as before.
 */
export const feedbackCategories: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('request_logs').addColumn('category', 'text').execute();
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    for (const column of ['model', 'deployment', 'category']) await db.schema.alterTable('request_feedback').addColumn(column, 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const column of ['category', 'deployment', 'model']) await db.schema.alterTable('request_feedback').dropColumn(column).execute();
    await db.schema.alterTable('request_logs').dropColumn('category').execute();
  },
};
