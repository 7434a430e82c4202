import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { requestStatsBucket, STATS_MEASURE_COLUMNS } from './request-stats-rows.js';
import type { RequestStatsBucket, RequestStatsDimensions, RequestStatsFilter, RequestStatsQuery } from './store-port.js';

const MINUTE_MS = 60_000;
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
 * Store.requestStats: one range scan of the primary key (minutes first), grouped into buckets by
 * arithmetic on the minute, every measure summed. The bucket's origin and width are whole numbers checked
 * here and written into the SQL as literals, so both databases do integer division on bigint without
 * guessing a parameter's type.
 */
export async function requestStats(db: Kysely<Database>, query: RequestStatsQuery): Promise<RequestStatsBucket[]> {
  if (!Number.isSafeInteger(query.from) || !Number.isSafeInteger(query.to)) throw new RangeError(`requestStats: from and to must be whole epoch milliseconds (got ${query.from}, ${query.to})`);
  if (!Number.isSafeInteger(query.bucketMs) || query.bucketMs < MINUTE_MS || query.bucketMs % MINUTE_MS !== 0) {
    throw new RangeError(`requestStats: bucketMs must be a whole number of minutes (got ${query.bucketMs})`);
  }
  if (FILTER_COLUMNS.some(([filter]) => query[filter]?.length === 0)) return [];
  let select = db
    .selectFrom('request_stats_minute')
    .where('minute', '>=', query.from)
    .where('minute', '<', query.to)
    .select(sql<number>`(${sql.ref('minute')} - ${sql.lit(query.from)}) / ${sql.lit(query.bucketMs)}`.as('slot'))
    .select(STATS_MEASURE_COLUMNS.map((column) => sql<number>`sum(${sql.ref(column)})`.as(column)));
  for (const [filter, column] of FILTER_COLUMNS) {
    const values = query[filter];
    if (values !== undefined) select = select.where(column, 'in', [...new Set(values)]);
  }
  const rows = (await select.groupBy('slot').orderBy('slot').execute()) as Array<Record<string, unknown>>;
  return rows.map((row) => requestStatsBucket(query.from + Number(row.slot) * query.bucketMs, row));
}

/**
 * Store.requestStatsDimensions: one grouped scan of the window for the distinct combinations, then the
 * names of the keys and teams it names (a deleted team has none). Each list is sorted; '' is left out.
 */
export async function requestStatsDimensions(db: Kysely<Database>, query: { from: number; to: number }): Promise<RequestStatsDimensions> {
  const combinations = await db
    .selectFrom('request_stats_minute')
    .where('minute', '>=', query.from)
    .where('minute', '<', query.to)
    .select(['model', 'provider', 'deployment', 'key_id', 'team_id'])
    .groupBy(['model', 'provider', 'deployment', 'key_id', 'team_id'])
    .execute();
  const distinct = (column: 'model' | 'provider' | 'deployment' | 'key_id' | 'team_id'): string[] =>
    [...new Set(combinations.map((row) => row[column]))].filter((value) => value !== '').sort(compareText);
  const keyIds = distinct('key_id');
  const teamIds = distinct('team_id');
  const keyNames = await namesOf(db, 'virtual_keys', keyIds);
  const teamNames = await namesOf(db, 'teams', teamIds);
  const named = (ids: string[], names: Map<string, string>) => ids.map((id) => (names.has(id) ? { id, name: names.get(id)! } : { id }));
  return {
    models: distinct('model'),
    providers: distinct('provider'),
    deployments: distinct('deployment'),
    keys: named(keyIds, keyNames),
    teams: named(teamIds, teamNames),
  };
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
 * Store.deleteRequestStatsBefore: the minute of the `limit`-th oldest row (an index walk of `limit`
 * entries) bounds the delete, so a call removes whole minutes, about `limit` rows, with one plain range
 * DELETE on both databases.
 */
export async function deleteRequestStatsBefore(db: Kysely<Database>, before: number, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const edge = await db.selectFrom('request_stats_minute').select('minute').where('minute', '<', before).orderBy('minute').limit(1).offset(limit - 1).executeTakeFirst();
  const upTo = edge === undefined ? before : Math.min(before, Number(edge.minute) + 1);
  const result = await db.deleteFrom('request_stats_minute').where('minute', '<', upTo).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
