import { sql, type Kysely, type Migration } from 'kysely';
import { REQUEST_STATS_BOUNDS_MS_0005 } from './0005-request-stats.js';

const HOUR_MS = 3_600_000;

/**
 * Hourly request statistics without the key and team (issue 7): one row per (hour, model asked,
 * provider, deployment), with the same measures and histogram columns as request_stats_minute (0005),
 * written by the request-log writer in the same transaction as the minute rows, from the same rows.
 *
 * Why: the key and team make nearly every request of a month spread over hundreds of keys a minute row
 * of its own (982,432 rows for 1,000,000 requests), so an unfiltered chart over 7 or 30 days summed a
 * million rows. Without them an hour of the same traffic is a few dozen rows (BENCHMARKS.md). Charts
 * filtered by key or team still read the minute table.
 *
 * - `hour` is the epoch millisecond a UTC hour starts at; a request counts in the hour it started.
 * - Same conventions as 0005: '' for "none", bigint measures NOT NULL DEFAULT 0, bucket columns integer
 *   and NULL where nothing was counted (an hour of one group stays far below 2^31 requests).
 *
 * The table is filled from request_stats_minute as it stands, so an install that already has minute
 * statistics answers long charts the same before and after the upgrade. SUM keeps a bucket that no
 * minute counted in NULL, as the writer does. Replicas still on 0005 while others run 0006 write minute
 * rows only: roll them all before relying on the hourly figures of that hour.
 */
export const requestStatsHourly: Migration = {
  async up(db: Kysely<unknown>) {
    const last = REQUEST_STATS_BOUNDS_MS_0005[REQUEST_STATS_BOUNDS_MS_0005.length - 1]!;
    const buckets = (prefix: string) => [...REQUEST_STATS_BOUNDS_MS_0005.map((bound) => `${prefix}_lt_${bound}`), `${prefix}_ge_${last}`];
    const measures = [
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
    ];
    const bucketColumns = [...buckets('latency'), ...buckets('ttft')];
    let table = db.schema
      .createTable('request_stats_hourly')
      .addColumn('hour', 'bigint', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('deployment', 'text', (column) => column.notNull());
    for (const measure of measures) table = table.addColumn(measure, 'bigint', (column) => column.notNull().defaultTo(0));
    for (const bucket of bucketColumns) table = table.addColumn(bucket, 'integer');
    await table.addPrimaryKeyConstraint('request_stats_hourly_pk', ['hour', 'model', 'provider', 'deployment']).execute();

    // The hour of a minute by integer arithmetic on bigint: the same on both databases.
    const hour = sql`${sql.ref('minute')} - ${sql.ref('minute')} % ${sql.lit(HOUR_MS)}`;
    const columns = ['hour', 'model', 'provider', 'deployment', ...measures, ...bucketColumns];
    const sums = [...measures, ...bucketColumns].map((column) => sql`sum(${sql.ref(column)})`);
    await sql`insert into ${sql.table('request_stats_hourly')} (${sql.join(columns.map((column) => sql.ref(column)))})
      select ${hour} as ${sql.ref('hour')}, ${sql.ref('model')}, ${sql.ref('provider')}, ${sql.ref('deployment')}, ${sql.join(sums)}
      from ${sql.table('request_stats_minute')}
      group by ${hour}, ${sql.ref('model')}, ${sql.ref('provider')}, ${sql.ref('deployment')}`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_stats_hourly').execute();
  },
};
