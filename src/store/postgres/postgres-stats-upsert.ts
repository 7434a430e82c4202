import { CompiledQuery, type Transaction } from 'kysely';
import type { Database } from '../database-schema.js';
import {
  addToStored,
  allMeasures,
  HOURLY_KEY_COLUMNS,
  PLAIN_MEASURE_COUNT,
  STATS_KEY_COLUMNS,
  STATS_MEASURE_COLUMNS,
  type HourStats,
  type MinuteStats,
  type StatsFigures,
} from '../request-stats-rows.js';

/**
 * The unnest upsert of one statistics table: the key columns (a bigint time, then text dimensions), then
 * the plain measures (bigint) and the buckets (integer), as migrations 0005 and 0006 made them.
 */
function unnestUpsert(table: string, keyColumns: readonly string[]): string {
  const columns = [...keyColumns, ...STATS_MEASURE_COLUMNS];
  const types = columns.map((_, index) => (index === 0 ? 'bigint' : index < keyColumns.length ? 'text' : index < keyColumns.length + PLAIN_MEASURE_COUNT ? 'bigint' : 'integer'));
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) ` +
    `SELECT * FROM unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')}) ` +
    `ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${addToStored(STATS_MEASURE_COLUMNS, `${table}.`)}`
  );
}

const MINUTE_UPSERT = unnestUpsert('request_stats_minute', STATS_KEY_COLUMNS);
const HOURLY_UPSERT = unnestUpsert('request_stats_hourly', HOURLY_KEY_COLUMNS);

/** One array per column: the groups' keys (as `keyOf` gives them), then every measure. */
function columnArrays<Group extends StatsFigures>(groups: readonly Group[], keyLength: number, keyOf: (group: Group) => Array<number | string>): Array<Array<number | string | null>> {
  const columns: Array<Array<number | string | null>> = Array.from({ length: keyLength + STATS_MEASURE_COLUMNS.length }, () => new Array(groups.length));
  groups.forEach((group, row) => {
    const key = keyOf(group);
    for (let index = 0; index < keyLength; index++) columns[index]![row] = key[index]!;
    const measures = allMeasures(group);
    for (let index = 0; index < measures.length; index++) columns[keyLength + index]![row] = measures[index]!;
  });
  return columns;
}

/**
 * The PostgreSQL store's StatsUpsert (write-requests.ts): one statement per table for a whole batch,
 * whatever its number of groups, with a column of values per parameter (167 arrays for the minute
 * table, 165 for the hourly one) that unnest zips back into rows. The query builder's multi-row VALUES
 * binds 167 values per group and costs about four times as much for a batch of 500 groups (building and
 * compiling the statement, and PostgreSQL parsing it). Empty buckets go as NULL, which PostgreSQL stores
 * as a bit. Rows come out of unnest in array order, which is key order, so concurrent writers still lock
 * rows in one order: the minute table's, then the hourly table's.
 */
export async function postgresStatsUpsert(transaction: Transaction<Database>, minutes: MinuteStats[], hours: HourStats[]): Promise<void> {
  const minuteColumns = columnArrays(minutes, STATS_KEY_COLUMNS.length, (group) => [group.minute, group.model, group.provider, group.deployment, group.keyId, group.teamId]);
  await transaction.executeQuery(CompiledQuery.raw(MINUTE_UPSERT, minuteColumns));
  if (hours.length === 0) return;
  const hourColumns = columnArrays(hours, HOURLY_KEY_COLUMNS.length, (group) => [group.hour, group.model, group.provider, group.deployment]);
  await transaction.executeQuery(CompiledQuery.raw(HOURLY_UPSERT, hourColumns));
}
