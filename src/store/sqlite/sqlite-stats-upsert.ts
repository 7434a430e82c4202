import type BetterSqlite3 from 'better-sqlite3';
import { addToStored, allMeasures, HOURLY_KEY_COLUMNS, PLAIN_MEASURE_COUNT, STATS_KEY_COLUMNS, STATS_MEASURE_COLUMNS, type StatsFigures } from '../request-stats-rows.js';

/** A group with more histogram buckets than this (many requests in its minute or hour) names every column. */
const MAX_SPARSE_BUCKETS = 4;
/** Prepared sparse upserts kept per table; past it, new bucket combinations use the full statement. */
const MAX_SPARSE_STATEMENTS = 2_000;

const KEY_COLUMNS = { request_stats_minute: STATS_KEY_COLUMNS, request_stats_hourly: HOURLY_KEY_COLUMNS } as const;

/** The values of the table's key columns, in order. */
export type StatsKey = ReadonlyArray<number | string>;

/**
 * The upsert of one group into a statistics table (request_stats_minute, or request_stats_hourly: the
 * same measures under a shorter key) for SQLite's batch writer. A row has 161 measures, and a group of
 * one or two requests adds to 13 plain ones and one or two histogram buckets: naming every column costs
 * about twice as much (binding 167 values, 161 additions) as naming only those, the others staying NULL
 * (none counted) or as they are. So each combination of buckets gets its own statement, prepared once; a
 * busy group (many buckets: most hourly groups) takes the statement that names them all.
 * Positional parameters: no object per group.
 */
export function sqliteStatsUpsert(database: BetterSqlite3.Database, table: keyof typeof KEY_COLUMNS): (key: StatsKey, stats: StatsFigures) => void {
  const keyColumns = KEY_COLUMNS[table];
  const prepare = (measures: readonly string[]): BetterSqlite3.Statement => {
    const columns = [...keyColumns, ...measures];
    return database.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` + `ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${addToStored(measures, '')}`,
    );
  };
  let full: BetterSqlite3.Statement | undefined;
  const sparse = new Map<string, BetterSqlite3.Statement>();
  const plain = STATS_MEASURE_COLUMNS.slice(0, PLAIN_MEASURE_COUNT);
  return (key, stats) => {
    let statement: BetterSqlite3.Statement | undefined;
    let buckets: number[] = [];
    if (stats.buckets.size <= MAX_SPARSE_BUCKETS) {
      buckets = [...stats.buckets.keys()].sort((left, right) => left - right);
      const name = buckets.join(',');
      statement = sparse.get(name);
      if (statement === undefined && sparse.size < MAX_SPARSE_STATEMENTS) {
        statement = prepare([...plain, ...buckets.map((index) => STATS_MEASURE_COLUMNS[index]!)]);
        sparse.set(name, statement);
      }
    }
    if (statement === undefined) {
      full ??= prepare(STATS_MEASURE_COLUMNS);
      full.run(key, allMeasures(stats));
      return;
    }
    const counts = buckets.map((index) => stats.buckets.get(index)!);
    statement.run(key, stats.plain, counts);
  };
}
