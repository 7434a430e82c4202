import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { requestStatsBucket, STATS_MEASURE_COLUMNS } from './request-stats-rows.js';
import type { RequestStatsBucket, RequestStatsDimensions, RequestStatsFilter, RequestStatsQuery } from './store-port.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Ids per IN list when looking up key and team names: far below both databases' bound-value limits. */
const NAME_CHUNK = 500;

const FILTER_COLUMNS: ReadonlyArray<[keyof RequestStatsFilter, 'model' | 'provider' | 'deployment' | 'key_id' | 'team_id']> = [
  ['models', 'model'],
  ['providers', 'provider'],
  ['deployments', 'deployment'],
  ['keyIds', 'key_id'],
  ['teamIds', 'team_id'],
];

/**
 * Store.requestStats: one range scan of a primary key (time first), grouped into buckets by arithmetic on
 * the row's time, every measure summed. The bucket's origin and width are whole numbers checked here and
 * written into the SQL as literals, so both databases do integer division on bigint without guessing a
 * parameter's type.
 *
 * The table: request_stats_hourly when the hours answer exactly what was asked (no key or team filter,
 * the window and the bucket whole hours: each hour then falls wholly into one bucket), else
 * request_stats_minute. Both hold the same figures (the writer folds the one into the other), so the
 * answer is the same either way; the hourly table has about 1/60 of the rows or far fewer.
 */
export async function requestStats(db: Kysely<Database>, query: RequestStatsQuery): Promise<RequestStatsBucket[]> {
  if (!Number.isSafeInteger(query.from) || !Number.isSafeInteger(query.to)) throw new RangeError(`requestStats: from and to must be whole epoch milliseconds (got ${query.from}, ${query.to})`);
  if (!Number.isSafeInteger(query.bucketMs) || query.bucketMs < MINUTE_MS || query.bucketMs % MINUTE_MS !== 0) {
    throw new RangeError(`requestStats: bucketMs must be a whole number of minutes (got ${query.bucketMs})`);
  }
  if (FILTER_COLUMNS.some(([filter]) => query[filter]?.length === 0)) return [];
  const hourly = readsHours(query);
  const time = sql.ref(hourly ? 'hour' : 'minute');
  // Typed as the minute table: the hourly one has the same measure and dimension columns, and neither
  // its time column (named by reference) nor a key or team filter (never sent to it) is typed here.
  let select = db
    .selectFrom((hourly ? 'request_stats_hourly' : 'request_stats_minute') as 'request_stats_minute')
    .where(time, '>=', query.from)
    .where(time, '<', query.to)
    .select(sql<number>`(${time} - ${sql.lit(query.from)}) / ${sql.lit(query.bucketMs)}`.as('slot'))
    .select(STATS_MEASURE_COLUMNS.map((column) => sql<number>`sum(${sql.ref(column)})`.as(column)));
  for (const [filter, column] of FILTER_COLUMNS) {
    const values = query[filter];
    if (values !== undefined) select = select.where(column, 'in', [...new Set(values)]);
  }
  const rows = (await select.groupBy('slot').orderBy('slot').execute()) as Array<Record<string, unknown>>;
  return rows.map((row) => requestStatsBucket(query.from + Number(row.slot) * query.bucketMs, row));
}

/** Whether request_stats_hourly answers the query exactly. */
export function readsHours(query: RequestStatsQuery): boolean {
  return query.keyIds === undefined && query.teamIds === undefined && query.bucketMs % HOUR_MS === 0 && query.from % HOUR_MS === 0 && query.to % HOUR_MS === 0;
}

/**
 * Store.requestStatsDimensions, from the cheapest rows that answer it exactly. For the whole UTC days
 * of the window: models, providers and deployments from request_stats_hourly, keys and teams from the
 * daily spend totals (written from the same rows in the same transaction, a row per day and
 * attribution, with indexes on key and team). For the rest (the ends of a window that are not whole
 * days, all of one shorter than a day): request_stats_minute, at most a day of it. The window starts no earlier than the oldest minute row: the totals are kept for ever,
 *   and a key seen only in statistics that retention deleted would be a filter that finds nothing.
 * Then the names of the keys and teams (a deleted team has none). Each list is sorted; '' is left out.
 */
export async function requestStatsDimensions(db: Kysely<Database>, query: { from: number; to: number }): Promise<RequestStatsDimensions> {
  const models = new Set<string>();
  const providers = new Set<string>();
  const deployments = new Set<string>();
  const keys = new Set<string>();
  const teams = new Set<string>();
  const oldest = await db.selectFrom('request_stats_minute').select('minute').orderBy('minute').limit(1).executeTakeFirst();
  const from = Math.max(query.from, oldest === undefined ? query.to : Number(oldest.minute));
  const to = query.to;
  if (from < to) {
    const addDeployments = (rows: ReadonlyArray<{ model: string; provider: string; deployment: string }>) => {
      for (const row of rows) {
        models.add(row.model);
        providers.add(row.provider);
        deployments.add(row.deployment);
      }
    };
    const minuteRange = async (start: number, end: number) => {
      if (start >= end) return;
      const rows = await db
        .selectFrom('request_stats_minute')
        .where('minute', '>=', start)
        .where('minute', '<', end)
        .select(['model', 'provider', 'deployment', 'key_id', 'team_id'])
        .distinct()
        .execute();
      addDeployments(rows);
      for (const row of rows) {
        keys.add(row.key_id);
        teams.add(row.team_id);
      }
    };
    // The whole UTC days inside [from, to) from the hourly table and the daily totals; the ends that
    // are not whole days (all of a window shorter than a day) from the minute table.
    const firstDay = ceilTo(from, DAY_MS);
    const endDay = to - (to % DAY_MS);
    if (firstDay < endDay) {
      addDeployments(await db.selectFrom('request_stats_hourly').where('hour', '>=', firstDay).where('hour', '<', endDay).select(['model', 'provider', 'deployment']).distinct().execute());
      const days = { from: dayOf(firstDay), to: dayOf(endDay) };
      for (const row of await distinctSpendColumn(db, 'key_id', days)) keys.add(row.value);
      for (const row of await distinctSpendColumn(db, 'team_id', days)) teams.add(row.value);
      await minuteRange(from, firstDay);
      await minuteRange(endDay, to);
    } else {
      await minuteRange(from, to);
    }
  }
  const sorted = (values: Set<string>) => [...values].filter((value) => value !== '').sort(compareText);
  const keyIds = sorted(keys);
  const teamIds = sorted(teams);
  const keyNames = await namesOf(db, 'virtual_keys', keyIds);
  const teamNames = await namesOf(db, 'teams', teamIds);
  const named = (ids: string[], names: Map<string, string>) => ids.map((id) => (names.has(id) ? { id, name: names.get(id)! } : { id }));
  return { models: sorted(models), providers: sorted(providers), deployments: sorted(deployments), keys: named(keyIds, keyNames), teams: named(teamIds, teamNames) };
}

/**
 * The distinct keys (teams) of the daily totals of days [from, to): GROUP BY on the (key_id, day) and
 * (team_id, day) indexes, which hold both columns, so neither database reads the totals' rows.
 */
async function distinctSpendColumn(db: Kysely<Database>, column: 'key_id' | 'team_id', days: { from: string; to: string }): Promise<Array<{ value: string }>> {
  return db.selectFrom('spend_daily').where('day', '>=', days.from).where('day', '<', days.to).select(sql.ref<string>(column).as('value')).groupBy(column).execute();
}

function ceilTo(value: number, step: number): number {
  const rest = value % step;
  return rest === 0 ? value : value - rest + step;
}

function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

async function namesOf(db: Kysely<Database>, table: 'virtual_keys' | 'teams', ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let start = 0; start < ids.length; start += NAME_CHUNK) {
    const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids.slice(start, start + NAME_CHUNK)).execute();
    for (const row of rows) names.set(row.id, row.name);
  }
  return names;
}

/**
 * Store.deleteRequestStatsBefore: the minute of the `limit`-th oldest minute row (an index walk of
 * `limit` entries) bounds the delete, so a call removes whole minutes, about `limit` rows, with one plain
 * range DELETE on both databases; then the hourly rows of the hours all of whose minutes are gone. An
 * hour is kept until its last minute expires, so the hourly table keeps up to an hour more than the
 * minute table, never less. Answers the rows deleted from both.
 */
export async function deleteRequestStatsBefore(db: Kysely<Database>, before: number, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const edge = await db.selectFrom('request_stats_minute').select('minute').where('minute', '<', before).orderBy('minute').limit(1).offset(limit - 1).executeTakeFirst();
  const upTo = edge === undefined ? before : Math.min(before, Number(edge.minute) + 1);
  const minutes = await db.deleteFrom('request_stats_minute').where('minute', '<', upTo).executeTakeFirst();
  // hour + 1 h ≤ upTo: every minute of the hour is before upTo.
  const hours = await db.deleteFrom('request_stats_hourly').where('hour', '<=', upTo - HOUR_MS).executeTakeFirst();
  return Number(minutes.numDeletedRows) + Number(hours.numDeletedRows);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
