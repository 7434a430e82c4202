import type BetterSqlite3 from 'better-sqlite3';
import { addToStored, allMeasures, PLAIN_MEASURE_COUNT, STATS_KEY_COLUMNS, STATS_MEASURE_COLUMNS, type MinuteStats } from '../request-stats-rows.js';

/** A group with more histogram buckets than this (many requests in its minute) names every column. */
const MAX_SPARSE_BUCKETS = 4;
/** Prepared sparse upserts kept; past it, new bucket combinations use the full statement. */
const MAX_SPARSE_STATEMENTS = 2_000;

/**
 * The upsert of one MinuteStats into request_stats_minute for SQLite's batch writer. A row has 161
 * measures, and a group of one or two requests adds to 13 plain ones and one or two histogram buckets:
 * naming every column costs about twice as much (binding 167 values, 161 additions) as naming only
 * those, the others staying NULL (none counted) or as they are. So each combination of buckets gets its
 * own statement, prepared once; a busy group (many buckets) takes the statement that names them all.
 * Positional parameters: no object per group.
 */
export function sqliteStatsUpsert(database: BetterSqlite3.Database): (stats: MinuteStats) => void {
  const prepare = (measures: readonly string[]): BetterSqlite3.Statement => {
    const columns = [...STATS_KEY_COLUMNS, ...measures];
    return database.prepare(
      `INSERT INTO request_stats_minute (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
        `ON CONFLICT (${STATS_KEY_COLUMNS.join(', ')}) DO UPDATE SET ${addToStored(measures, '')}`,
    );
  };
  let full: BetterSqlite3.Statement | undefined;
  const sparse = new Map<string, BetterSqlite3.Statement>();
  const plain = STATS_MEASURE_COLUMNS.slice(0, PLAIN_MEASURE_COUNT);

  return (stats) => {
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
      full.run(stats.minute, stats.model, stats.provider, stats.deployment, stats.keyId, stats.teamId, allMeasures(stats));
      return;
    }
    const counts = buckets.map((index) => stats.buckets.get(index)!);
    statement.run(stats.minute, stats.model, stats.provider, stats.deployment, stats.keyId, stats.teamId, stats.plain, counts);
  };
}
