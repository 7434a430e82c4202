import { CompiledQuery, type Transaction } from 'kysely';
import type { Database } from '../database-schema.js';
import { addToStored, allMeasures, PLAIN_MEASURE_COUNT, STATS_KEY_COLUMNS, STATS_MEASURE_COLUMNS, type MinuteStats } from '../request-stats-rows.js';

const COLUMNS = [...STATS_KEY_COLUMNS, ...STATS_MEASURE_COLUMNS];
/** minute and the plain measures are bigint, the dimensions text, the buckets integer (migration 0005). */
const TYPES = COLUMNS.map((_, index) => (index === 0 ? 'bigint' : index < STATS_KEY_COLUMNS.length ? 'text' : index < STATS_KEY_COLUMNS.length + PLAIN_MEASURE_COUNT ? 'bigint' : 'integer'));

const UPSERT =
  `INSERT INTO request_stats_minute (${COLUMNS.join(', ')}) ` +
  `SELECT * FROM unnest(${TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')}) ` +
  `ON CONFLICT (${STATS_KEY_COLUMNS.join(', ')}) DO UPDATE SET ${addToStored(STATS_MEASURE_COLUMNS, 'request_stats_minute.')}`;

/**
 * The PostgreSQL store's StatsUpsert (write-requests.ts): one statement for a whole batch, whatever its
 * number of groups, with a column of values per parameter (167 arrays) that unnest zips back into rows.
 * The query builder's multi-row VALUES binds 167 values per group and costs about four times as much
 * for a batch of 500 groups (building and compiling the statement, and PostgreSQL parsing it). Empty
 * buckets go as NULL, which PostgreSQL stores as a bit. Rows come out of unnest in array order, which is
 * key order, so concurrent writers still lock rows in one order.
 */
export async function postgresStatsUpsert(transaction: Transaction<Database>, stats: MinuteStats[]): Promise<void> {
  const columns: Array<Array<number | string | null>> = COLUMNS.map(() => new Array(stats.length));
  stats.forEach((group, row) => {
    columns[0]![row] = group.minute;
    columns[1]![row] = group.model;
    columns[2]![row] = group.provider;
    columns[3]![row] = group.deployment;
    columns[4]![row] = group.keyId;
    columns[5]![row] = group.teamId;
    const measures = allMeasures(group);
    for (let index = 0; index < measures.length; index++) columns[STATS_KEY_COLUMNS.length + index]![row] = measures[index]!;
  });
  await transaction.executeQuery(CompiledQuery.raw(UPSERT, columns));
}
