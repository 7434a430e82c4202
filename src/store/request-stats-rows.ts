import type { RequestStatsHourlyTable, RequestStatsMinuteTable } from './database-schema.js';
import { HISTOGRAM_BUCKETS, histogramBucket, histogramColumns } from './request-stats-histogram.js';
import type { LatencyHistogram, RequestLogRow, RequestStatsBucket } from './store-port.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const STATS_KEY_COLUMNS = ['minute', 'model', 'provider', 'deployment', 'key_id', 'team_id'] as const;
/** The primary key of request_stats_hourly (migration 0006): the minute table's without key and team. */
export const HOURLY_KEY_COLUMNS = ['hour', 'model', 'provider', 'deployment'] as const;

/** The plain counts and sums, in the order of MinuteStats.plain (STATS_MEASURE_COLUMNS starts with them; the histograms follow). */
const PLAIN_MEASURES = [
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
] as const;

const REQUESTS = 0;
const ERRORS = 1;
const CANCELLED = 2;
const INPUT = 3;
const OUTPUT = 4;
const CACHED = 5;
const CACHE_WRITE = 6;
const REASONING = 7;
const COST = 8;
const LATENCY_COUNT = 9;
const LATENCY_SUM = 10;
const TTFT_COUNT = 11;
const TTFT_SUM = 12;
/** How many of STATS_MEASURE_COLUMNS are plain counts and sums (MinuteStats.plain): the histogram buckets start there. */
export const PLAIN_MEASURE_COUNT = PLAIN_MEASURES.length;
const LATENCY_BUCKETS = PLAIN_MEASURES.length;
const TTFT_BUCKETS = LATENCY_BUCKETS + HISTOGRAM_BUCKETS;

/** Every column an upsert adds to: the plain measures, then the latency and the ttft buckets. */
export const STATS_MEASURE_COLUMNS: readonly string[] = Object.freeze([...PLAIN_MEASURES, ...histogramColumns('latency'), ...histogramColumns('ttft')]);

/**
 * What a batch adds to one statistics row: the plain counts and sums (STATS_MEASURE_COLUMNS' first
 * PLAIN_MEASURE_COUNT), and the histogram buckets it adds to, by index in STATS_MEASURE_COLUMNS (most
 * minute groups of a batch hold a request or two: one or two buckets of 148).
 */
export interface StatsFigures {
  plain: number[];
  buckets: Map<number, number>;
}

/** One row of request_stats_minute as a batch adds it: its key and its figures. */
export interface MinuteStats extends StatsFigures {
  minute: number;
  model: string;
  provider: string;
  deployment: string;
  keyId: string;
  teamId: string;
}

/** One row of request_stats_hourly as a batch adds it: its key and its figures. */
export interface HourStats extends StatsFigures {
  hour: number;
  model: string;
  provider: string;
  deployment: string;
}

/**
 * The rows summed per (UTC minute the request started in, model, provider, deployment, key, team), ''
 * for "none". What counts where:
 * - errors: status 400 and above except 499; cancelled: 499 (the client left before the answer was
 *   complete: nothing failed on the gateway's side, so it is not an error).
 * - latency: requests answered (status below 400); ttft: streams answered that sent output (ttftMs set).
 *   A stream that broke after its first byte was answered 200 and counts in both.
 * In the order the groups first appear; inKeyOrder sorts them where row locks are taken (PostgreSQL).
 */
export function minuteStats(rows: readonly RequestLogRow[]): MinuteStats[] {
  const groups = new Map<string, MinuteStats>();
  // A batch's rows nearly all share a minute or two: its text is made once per change, not per row.
  let minute = Number.NaN;
  let minuteText = '';
  for (const row of rows) {
    const rowMinute = row.at - (row.at % MINUTE_MS);
    if (rowMinute !== minute) {
      minute = rowMinute;
      minuteText = String(minute);
    }
    const provider = row.provider ?? '';
    const deployment = row.deployment ?? '';
    const keyId = row.keyId ?? '';
    const teamId = row.teamId ?? '';
    // join() makes one flat string; a template literal makes a rope that the map lookup would flatten anyway.
    const mapKey = [minuteText, row.model, provider, deployment, keyId, teamId].join('\u0000');
    let group = groups.get(mapKey);
    if (group === undefined) {
      group = { minute, model: row.model, provider, deployment, keyId, teamId, plain: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], buckets: new Map() };
      groups.set(mapKey, group);
    }
    const plain = group.plain;
    plain[REQUESTS]! += 1;
    plain[INPUT]! += row.inputTokens;
    plain[OUTPUT]! += row.outputTokens;
    plain[CACHED]! += row.cachedInputTokens;
    plain[CACHE_WRITE]! += row.cacheWriteInputTokens;
    plain[REASONING]! += row.reasoningTokens;
    plain[COST]! += row.costNusd;
    if (row.status === 499) plain[CANCELLED]! += 1;
    else if (row.status >= 400) plain[ERRORS]! += 1;
    else {
      plain[LATENCY_COUNT]! += 1;
      plain[LATENCY_SUM]! += row.latencyMs;
      const latency = LATENCY_BUCKETS + histogramBucket(row.latencyMs);
      group.buckets.set(latency, (group.buckets.get(latency) ?? 0) + 1);
      if (row.stream && row.ttftMs !== undefined) {
        plain[TTFT_COUNT]! += 1;
        plain[TTFT_SUM]! += row.ttftMs;
        const ttft = TTFT_BUCKETS + histogramBucket(row.ttftMs);
        group.buckets.set(ttft, (group.buckets.get(ttft) ?? 0) + 1);
      }
    }
  }
  return [...groups.values()];
}

/**
 * Sorted by key (minute, model, provider, deployment, key, team): replicas writing into PostgreSQL then
 * lock rows in one order, as the daily totals do, and cannot deadlock. SQLite has one writer and skips it.
 */
export function inKeyOrder(stats: MinuteStats[]): MinuteStats[] {
  return stats.sort(
    (left, right) =>
      left.minute - right.minute ||
      compareText(left.model, right.model) ||
      compareText(left.provider, right.provider) ||
      compareText(left.deployment, right.deployment) ||
      compareText(left.keyId, right.keyId) ||
      compareText(left.teamId, right.teamId),
  );
}

/**
 * The minute groups of a batch folded into hours without key and team, sorted by key (hour, model,
 * provider, deployment) for the same reason as inKeyOrder. Folded from the minute groups rather than
 * counted from the rows again: the two tables then hold the same figures by construction, and a batch
 * has at most as many minute groups as rows.
 */
export function hourlyStats(minutes: readonly MinuteStats[]): HourStats[] {
  const groups = new Map<string, HourStats>();
  for (const minute of minutes) {
    const hour = minute.minute - (minute.minute % HOUR_MS);
    const mapKey = [String(hour), minute.model, minute.provider, minute.deployment].join('\u0000');
    let group = groups.get(mapKey);
    if (group === undefined) {
      group = { hour, model: minute.model, provider: minute.provider, deployment: minute.deployment, plain: new Array<number>(PLAIN_MEASURE_COUNT).fill(0), buckets: new Map() };
      groups.set(mapKey, group);
    }
    for (let index = 0; index < PLAIN_MEASURE_COUNT; index++) group.plain[index]! += minute.plain[index]!;
    for (const [index, count] of minute.buckets) group.buckets.set(index, (group.buckets.get(index) ?? 0) + count);
  }
  return [...groups.values()].sort(
    (left, right) => left.hour - right.hour || compareText(left.model, right.model) || compareText(left.provider, right.provider) || compareText(left.deployment, right.deployment),
  );
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Every measure of a group in STATS_MEASURE_COLUMNS order; an empty bucket is NULL, as the table keeps it. */
export function allMeasures(stats: StatsFigures): Array<number | null> {
  const measures = new Array<number | null>(STATS_MEASURE_COLUMNS.length).fill(null);
  for (let index = 0; index < PLAIN_MEASURE_COUNT; index++) measures[index] = stats.plain[index]!;
  for (const [index, count] of stats.buckets) measures[index] = count;
  return measures;
}

/** A MinuteStats as the table's row (the query builder's insert). */
export function minuteStatsToRow(stats: MinuteStats): RequestStatsMinuteTable {
  const row: Record<string, number | string | null> = {
    minute: stats.minute,
    model: stats.model,
    provider: stats.provider,
    deployment: stats.deployment,
    key_id: stats.keyId,
    team_id: stats.teamId,
  };
  const measures = allMeasures(stats);
  for (let index = 0; index < STATS_MEASURE_COLUMNS.length; index++) row[STATS_MEASURE_COLUMNS[index]!] = measures[index]!;
  return row as unknown as RequestStatsMinuteTable;
}

/** An HourStats as the table's row (the query builder's insert). */
export function hourStatsToRow(stats: HourStats): RequestStatsHourlyTable {
  const row: Record<string, number | string | null> = { hour: stats.hour, model: stats.model, provider: stats.provider, deployment: stats.deployment };
  const measures = allMeasures(stats);
  for (let index = 0; index < STATS_MEASURE_COLUMNS.length; index++) row[STATS_MEASURE_COLUMNS[index]!] = measures[index]!;
  return row as unknown as RequestStatsHourlyTable;
}

/**
 * The SET list of an upsert's DO UPDATE that adds the proposed row's `columns` to the stored row's
 * (`stored` qualifies the stored row's columns: '' or the table's name and a dot). A bucket is NULL where
 * nothing was counted, on either side: coalesce keeps whichever side has a count when the other has none.
 */
export function addToStored(columns: readonly string[], stored: string): string {
  return columns.map((column) => `${column} = ${storedPlusExcluded(column, stored)}`).join(', ');
}

/** The value one column of addToStored's SET list takes. */
export function storedPlusExcluded(column: string, stored: string): string {
  return BUCKET_COLUMNS.has(column) ? `coalesce(${stored}${column} + excluded.${column}, ${stored}${column}, excluded.${column})` : `${stored}${column} + excluded.${column}`;
}

const BUCKET_COLUMNS: ReadonlySet<string> = new Set(STATS_MEASURE_COLUMNS.slice(PLAIN_MEASURE_COUNT));

/** Sums of the measures (as a query answers them, by column name) as a bucket starting at `at`. */
export function requestStatsBucket(at: number, sums: Readonly<Record<string, unknown>>): RequestStatsBucket {
  const measures = STATS_MEASURE_COLUMNS.map((column) => Number(sums[column] ?? 0));
  const histogram = (count: number, sum: number, first: number): LatencyHistogram => ({
    count: measures[count]!,
    sumMs: measures[sum]!,
    buckets: measures.slice(first, first + HISTOGRAM_BUCKETS),
  });
  return {
    at,
    requests: measures[REQUESTS]!,
    errors: measures[ERRORS]!,
    cancelled: measures[CANCELLED]!,
    inputTokens: measures[INPUT]!,
    outputTokens: measures[OUTPUT]!,
    cachedInputTokens: measures[CACHED]!,
    cacheWriteInputTokens: measures[CACHE_WRITE]!,
    reasoningTokens: measures[REASONING]!,
    costNusd: measures[COST]!,
    latency: histogram(LATENCY_COUNT, LATENCY_SUM, LATENCY_BUCKETS),
    ttft: histogram(TTFT_COUNT, TTFT_SUM, TTFT_BUCKETS),
  };
}
