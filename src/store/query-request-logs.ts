import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { requestLogFromRow } from './request-log-rows.js';
import type { RequestLogQuery, RequestLogRow } from './store-port.js';

/**
 * Store.queryRequestLogs: newest first by (at, id), [from, to) on `at`, every filter ANDed. Each filter
 * on a key, team, model or deployment has an index ending in (at, id), so a page is one index range
 * read backwards that stops after `limit` rows, on page 1 as on page 500 (keyset, no OFFSET).
 *
 * `caseInsensitiveLike` is the dialect's bit: SQLite's LIKE already ignores ASCII case, PostgreSQL
 * needs ILIKE. Search matches a substring anywhere, so it reads every row in the other filters' range.
 */
export async function queryRequestLogs(db: Kysely<Database>, query: RequestLogQuery, caseInsensitiveLike: 'like' | 'ilike'): Promise<RequestLogRow[]> {
  let select = db.selectFrom('request_logs').selectAll();
  if (query.from !== undefined) select = select.where('at', '>=', query.from);
  if (query.to !== undefined) select = select.where('at', '<', query.to);
  if (query.keyId !== undefined) select = select.where('key_id', '=', query.keyId);
  if (query.teamId !== undefined) select = select.where('team_id', '=', query.teamId);
  if (query.model !== undefined) select = select.where('model', '=', query.model);
  if (query.deployment !== undefined) select = select.where('deployment', '=', query.deployment);
  if (query.provider !== undefined) select = select.where('provider', '=', query.provider);
  if (query.clientRequestId !== undefined) select = select.where('client_request_id', '=', query.clientRequestId);
  // The literal 400 (not a bound parameter) is what lets both planners use the partial error index.
  if (query.status === 'error') select = select.where('status', '>=', sql.lit(400));
  else if (query.status === 'ok') select = select.where('status', '<', sql.lit(400));
  else if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.search !== undefined && query.search !== '') {
    const pattern = `%${query.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    const like = (column: 'id' | 'client_request_id' | 'route_reason' | 'error_message') => sql<boolean>`${sql.ref(column)} ${sql.raw(caseInsensitiveLike)} ${pattern} escape '\\'`;
    select = select.where((where) => where.or([like('id'), like('client_request_id'), like('route_reason'), like('error_message')]));
  }
  const before = query.before;
  if (before !== undefined) select = select.where((where) => where(where.refTuple('at', 'id'), '<', where.tuple(before.at, before.id)));
  const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((row) => requestLogFromRow(row));
}
