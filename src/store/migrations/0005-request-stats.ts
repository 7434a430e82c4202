import type { Kysely, Migration } from 'kysely';

/**
 * The histogram bounds in milliseconds, as this migration made them: one column per bucket. A frozen
 * copy (request-stats-histogram.ts computes the same list, and a test checks the two agree): a later
 * change of the bounds is a new migration, never an edit of this one.
 */
export const REQUEST_STATS_BOUNDS_MS_0005: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 16, 19, 23, 27, 32, 38, 45, 54, 64, 76, 91, 108, 128, 152, 181, 215, 256, 304, 362, 431, 512, 609, 724, 861, 1024, 1218,
  1448, 1722, 2048, 2435, 2896, 3444, 4096, 4871, 5793, 6889, 8192, 9742, 11585, 13777, 16384, 19484, 23170, 27554, 32768, 38968, 46341, 55109, 65536, 77936,
  92682, 110218, 131072, 155872, 185364, 220436, 262144, 311744, 370728, 440872, 524288, 623487,
];

/**
 * Per-minute request statistics for the dashboard (issue 7): one row per (minute, model asked,
 * provider, deployment, key, team), written by the request-log writer in the transaction of its batch,
 * so that charts over days read thousands of rows instead of scanning millions in request_logs.
 *
 * - `minute` is the epoch millisecond a UTC minute starts at; a request counts in the minute it started.
 * - The dimensions are '' for "none" (no key, no team, no deployment served it): the primary key has no
 *   NULLs and ON CONFLICT finds the row on both databases.
 * - Everything else is a count or a sum that an upsert adds to, column by column: requests, errors
 *   (status ≥ 400 except 499), cancelled (499: the client left), tokens by kind, cost in nano-dollars,
 *   latency and time to first token as count, sum and one column per histogram bucket
 *   (`latency_lt_<ms>`: bound of the previous column ≤ value < ms; `latency_ge_623487`: the rest).
 * - The plain measures are 'bigint' as in spend_daily, NOT NULL DEFAULT 0. Bucket counts are 'integer'
 *   (a minute of one group stays far below 2^31) and NULL where nothing was counted: most of a row's
 *   148 buckets are empty, and PostgreSQL stores a NULL as one bit of the row's null bitmap where a 0
 *   takes four bytes (a row of one request is about 270 bytes instead of 890). Readers take NULL as 0
 *   (SUM skips it); writers add with coalesce, and may name only the buckets they add to (SQLite's
 *   writer does: a new row of one request then sets 15 columns, not 161).
 *
 * The primary key starts with `minute`: every query is a range of minutes, and retention deletes the oldest.
 */
export const requestStats: Migration = {
  async up(db: Kysely<unknown>) {
    const last = REQUEST_STATS_BOUNDS_MS_0005[REQUEST_STATS_BOUNDS_MS_0005.length - 1]!;
    const buckets = (prefix: string) => [...REQUEST_STATS_BOUNDS_MS_0005.map((bound) => `${prefix}_lt_${bound}`), `${prefix}_ge_${last}`];
    let table = db.schema
      .createTable('request_stats_minute')
      .addColumn('minute', 'bigint', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('deployment', 'text', (column) => column.notNull())
      .addColumn('key_id', 'text', (column) => column.notNull())
      .addColumn('team_id', 'text', (column) => column.notNull());
    for (const measure of [
      'requests',
      'errors',
      'cancelled',
      'input_tokens',
      'output_tokens',
      'cached_input_tokens',
      'cache_write_input_tokens',
      'reasoning_tokens',
      'cost_nusd',
      'latency_count',
      'latency_sum_ms',
      'ttft_count',
      'ttft_sum_ms',
    ]) {
      table = table.addColumn(measure, 'bigint', (column) => column.notNull().defaultTo(0));
    }
    for (const bucket of [...buckets('latency'), ...buckets('ttft')]) table = table.addColumn(bucket, 'integer');
    await table.addPrimaryKeyConstraint('request_stats_minute_pk', ['minute', 'model', 'provider', 'deployment', 'key_id', 'team_id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_stats_minute').execute();
  },
};
