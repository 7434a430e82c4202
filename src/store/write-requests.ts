import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SpendDailyTable } from './database-schema.js';
import { requestLogDetailToRow, requestLogToRow } from './request-log-rows.js';
import {
  HOURLY_KEY_COLUMNS,
  hourlyStats,
  hourStatsToRow,
  inKeyOrder,
  minuteStats,
  minuteStatsToRow,
  STATS_KEY_COLUMNS,
  STATS_MEASURE_COLUMNS,
  storedPlusExcluded,
  type HourStats,
  type MinuteStats,
} from './request-stats-rows.js';
import type { RequestLogRow } from './store-port.js';

/**
 * Rows per INSERT. SQLite allows 32,766 bound values per statement and PostgreSQL 65,535: a log row
 * binds 24, a spend row 13, a detail row 4, a statistics row 167; these stay well under both.
 */
const LOG_CHUNK = 500;
const DETAIL_CHUNK = 2_000;
const SPEND_CHUNK = 1_000;
const STATS_CHUNK = 150;

export const SPEND_KEY_COLUMNS = ['day', 'key_id', 'team_id', 'model', 'provider', 'deployment'] as const;

/**
 * Store.writeRequests, in one transaction: the log rows that are new (ON CONFLICT DO NOTHING …
 * RETURNING tells which), their details, and the daily totals and the per-minute and hourly statistics
 * of exactly those rows, so a batch replayed after a crash counts once in each.
 *
 * Rows are written in id order, totals and statistics in key order, tables always in this order: two
 * replicas writing overlapping batches into PostgreSQL then take their row locks in the same order and
 * cannot deadlock. The hourly statistics come last: every replica's batches add to the same few hourly
 * rows (no key or team in them), so their locks are the most contended and are held the shortest.
 */
export async function writeRequests(
  db: Kysely<Database>,
  rows: readonly RequestLogRow[],
  options: { log: boolean },
  upsertStats: StatsUpsert = upsertStatsRows,
): Promise<{ inserted: number }> {
  const batch = firstOfEachId(rows);
  if (batch.length === 0) return { inserted: 0 };
  return db.transaction().execute(async (transaction) => {
    // Without the log there is nothing that remembers which ids were counted: a replayed batch
    // counts twice. Only duplicates inside this one batch are dropped.
    const counted = options.log ? await insertNewLogRows(transaction, batch) : batch;
    await addToDailyTotals(transaction, counted);
    const stats = inKeyOrder(minuteStats(counted));
    if (stats.length > 0) await upsertStats(transaction, stats, hourlyStats(stats));
    return { inserted: counted.length };
  });
}

/** The first row of each id, sorted by id; a batch that repeats an id holds it once. */
export function firstOfEachId(rows: readonly RequestLogRow[]): RequestLogRow[] {
  const byId = new Map<string, RequestLogRow>();
  for (const row of rows) if (!byId.has(row.id)) byId.set(row.id, row);
  return [...byId.values()].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
}

/** Inserts the rows, skipping ids already logged; answers the rows that were new. */
async function insertNewLogRows(transaction: Transaction<Database>, batch: RequestLogRow[]): Promise<RequestLogRow[]> {
  const insertedIds = new Set<string>();
  for (let start = 0; start < batch.length; start += LOG_CHUNK) {
    const returned = await transaction
      .insertInto('request_logs')
      .values(batch.slice(start, start + LOG_CHUNK).map(requestLogToRow))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .execute();
    for (const { id } of returned) insertedIds.add(id);
  }
  const inserted = batch.filter((row) => insertedIds.has(row.id));
  const details = inserted.flatMap((row) => requestLogDetailToRow(row) ?? []);
  for (let start = 0; start < details.length; start += DETAIL_CHUNK) {
    await transaction.insertInto('request_log_details').values(details.slice(start, start + DETAIL_CHUNK)).execute();
  }
  return inserted;
}

async function addToDailyTotals(transaction: Transaction<Database>, rows: RequestLogRow[]): Promise<void> {
  // Summed here first: one INSERT may not touch the same total twice (PostgreSQL refuses it).
  const totals = dailyTotals(rows);
  for (let start = 0; start < totals.length; start += SPEND_CHUNK) {
    await transaction
      .insertInto('spend_daily')
      .values(totals.slice(start, start + SPEND_CHUNK))
      .onConflict((conflict) =>
        conflict.columns(SPEND_KEY_COLUMNS).doUpdateSet((update) => ({
          requests: update('spend_daily.requests', '+', update.ref('excluded.requests')),
          input_tokens: update('spend_daily.input_tokens', '+', update.ref('excluded.input_tokens')),
          output_tokens: update('spend_daily.output_tokens', '+', update.ref('excluded.output_tokens')),
          cached_input_tokens: update('spend_daily.cached_input_tokens', '+', update.ref('excluded.cached_input_tokens')),
          cache_write_input_tokens: update('spend_daily.cache_write_input_tokens', '+', update.ref('excluded.cache_write_input_tokens')),
          reasoning_tokens: update('spend_daily.reasoning_tokens', '+', update.ref('excluded.reasoning_tokens')),
          cost_nusd: update('spend_daily.cost_nusd', '+', update.ref('excluded.cost_nusd')),
        })),
      )
      .execute();
  }
}

/**
 * Adds a batch's statistics to request_stats_minute, then request_stats_hourly (each in key order)
 * inside the batch's transaction.
 */
export type StatsUpsert = (transaction: Transaction<Database>, minutes: MinuteStats[], hours: HourStats[]) => Promise<void>;

/**
 * The query builder's StatsUpsert, for either database: multi-row upserts naming every column (the
 * PostgreSQL store uses one unnest statement instead, postgres-stats-upsert.ts; SQLite's writer its
 * prepared statements). Kept as the portable reference; sqlite-store.test.ts runs the statistics'
 * conformance cases through it.
 */
export async function upsertStatsRows(transaction: Transaction<Database>, minutes: MinuteStats[], hours: HourStats[]): Promise<void> {
  // The histogram columns have no static type: each value is written as SQL.
  const addExcluded = (table: string) => Object.fromEntries(STATS_MEASURE_COLUMNS.map((column) => [column, sql.raw<number>(storedPlusExcluded(column, `${table}.`))]));
  const addToMinute = addExcluded('request_stats_minute');
  for (let start = 0; start < minutes.length; start += STATS_CHUNK) {
    await transaction
      .insertInto('request_stats_minute')
      .values(minutes.slice(start, start + STATS_CHUNK).map(minuteStatsToRow))
      .onConflict((conflict) => conflict.columns(STATS_KEY_COLUMNS).doUpdateSet(addToMinute))
      .execute();
  }
  const addToHour = addExcluded('request_stats_hourly');
  for (let start = 0; start < hours.length; start += STATS_CHUNK) {
    await transaction
      .insertInto('request_stats_hourly')
      .values(hours.slice(start, start + STATS_CHUNK).map(hourStatsToRow))
      .onConflict((conflict) => conflict.columns(HOURLY_KEY_COLUMNS).doUpdateSet(addToHour))
      .execute();
  }
}

/** The rows summed per (UTC day, key, team, model, provider, deployment), '' for "none", in key order. */
export function dailyTotals(rows: RequestLogRow[]): SpendDailyTable[] {
  const totals = new Map<string, SpendDailyTable>();
  // Formatting a date is the dearest step per row, and a batch's rows nearly all share one day.
  let dayNumber = Number.NaN;
  let day = '';
  for (const row of rows) {
    const rowDay = Math.floor(row.at / 86_400_000);
    if (rowDay !== dayNumber) {
      dayNumber = rowDay;
      day = new Date(row.at).toISOString().slice(0, 10);
    }
    const keyId = row.keyId ?? '';
    const teamId = row.teamId ?? '';
    const provider = row.provider ?? '';
    const deployment = row.deployment ?? '';
    const mapKey = [day, keyId, teamId, row.model, provider, deployment].join('\u0000');
    let total = totals.get(mapKey);
    if (total === undefined) {
      total = {
        day,
        key_id: keyId,
        team_id: teamId,
        model: row.model,
        provider,
        deployment,
        requests: 0,
        input_tokens: 0,
        output_tokens: 0,
        cached_input_tokens: 0,
        cache_write_input_tokens: 0,
        reasoning_tokens: 0,
        cost_nusd: 0,
      };
      totals.set(mapKey, total);
    }
    total.requests += 1;
    total.input_tokens += row.inputTokens;
    total.output_tokens += row.outputTokens;
    total.cached_input_tokens += row.cachedInputTokens;
    total.cache_write_input_tokens += row.cacheWriteInputTokens;
    total.reasoning_tokens += row.reasoningTokens;
    total.cost_nusd += row.costNusd;
  }
  return [...totals.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, total]) => total);
}
