import { sql, type Kysely } from 'kysely';
import { constraintViolation } from './constraint-violation.js';
import type { Database } from './database-schema.js';
import { feedbackFromRow, feedbackToRow } from './feedback-rows.js';
import { feedbackTotals } from './feedback-totals.js';
import { keyFromRow, keyPatchToRow, keyToRow } from './key-rows.js';
import { queryRequestLogs } from './query-request-logs.js';
import { requestLogFromRow } from './request-log-rows.js';
import { deleteRequestStatsBefore, requestStats, requestStatsDimensions } from './request-stats-queries.js';
import { spendReport, spendSince } from './spend-queries.js';
import {
  StoreConflictError,
  type CredentialRecord,
  type FeedbackQuery,
  type FeedbackRecord,
  type FeedbackTotal,
  type KeyPatch,
  type KeyQuery,
  type KeyRecord,
  type RequestLogQuery,
  type RequestLogRow,
  type RequestStatsBucket,
  type RequestStatsDimensions,
  type RequestStatsQuery,
  type SpendQuery,
  type SpendReportRow,
  type SpendScope,
  type Store,
  type TeamPatch,
  type TeamRecord,
} from './store-port.js';
import { teamFromRow, teamToRow } from './team-rows.js';
import { writeRequests } from './write-requests.js';

/**
 * The Store over kysely, one class for both databases: the SQL is the same, and the little that is
 * not (ILIKE for search, the retention delete's id list) is chosen by `kind`. Built by createStore,
 * which opens the database and migrates it.
 */
export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database>,
    readonly kind: 'sqlite' | 'postgres',
    /** A faster writeRequests for this database (SQLite: prepared statements; PostgreSQL: one unnest upsert for the statistics), else the query builder's. */
    private readonly writeRequestsWith: typeof writeRequests = writeRequests,
  ) {}

  async insertTeam(team: TeamRecord): Promise<void> {
    await this.db
      .insertInto('teams')
      .values(teamToRow(team))
      .execute()
      .catch((error: unknown) => rethrowConflict(error, 'team', { id: team.id, name: team.name }));
  }

  async getTeam(id: string): Promise<TeamRecord | undefined> {
    const row = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : teamFromRow(row);
  }

  async listTeams(): Promise<TeamRecord[]> {
    const rows = await this.db.selectFrom('teams').selectAll().orderBy('name').execute();
    return rows.map(teamFromRow);
  }

  async updateTeam(id: string, patch: TeamPatch, updatedAt: number): Promise<TeamRecord | undefined> {
    const row = await this.db
      .updateTable('teams')
      .set({
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.limits === undefined ? {} : { limits: JSON.stringify(patch.limits) }),
        ...(patch.metadata === undefined ? {} : { metadata: JSON.stringify(patch.metadata) }),
        updated_at: updatedAt,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
      .catch((error: unknown) => rethrowConflict(error, 'team', { id, name: patch.name }));
    return row === undefined ? undefined : teamFromRow(row);
  }

  async deleteTeam(id: string): Promise<boolean> {
    try {
      const result = await this.db.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    } catch (error) {
      // The foreign key is the check: no window between counting keys and deleting the team.
      if (constraintViolation(error)?.kind !== 'foreign-key') throw error;
      const { count } = await this.db
        .selectFrom('virtual_keys')
        .select((expression) => expression.fn.countAll<number>().as('count'))
        .where('team_id', '=', id)
        .executeTakeFirstOrThrow();
      throw new StoreConflictError(
        `team "${id}" still has ${count} key(s), revoked ones included: move them to another team or take them out of it, then delete the team`,
        { cause: error },
      );
    }
  }

  async insertKey(key: KeyRecord): Promise<void> {
    await this.db
      .insertInto('virtual_keys')
      .values(keyToRow(key))
      .execute()
      .catch((error: unknown) => rethrowConflict(error, 'key', { id: key.id, name: key.name, teamId: key.teamId }));
  }

  async getKey(id: string): Promise<KeyRecord | undefined> {
    const row = await this.db.selectFrom('virtual_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : keyFromRow(row);
  }

  async findKeyByHash(hash: string, now: number): Promise<KeyRecord | undefined> {
    const rows = await this.db
      .selectFrom('virtual_keys')
      .selectAll()
      .where((where) => where.or([where('hash', '=', hash), where.and([where('previous_hash', '=', hash), where('previous_valid_until', '>', now)])]))
      .limit(2)
      .execute();
    // A current hash wins over another key's previous one (a clash only a broken generator could make).
    const row = rows.find((candidate) => candidate.hash === hash) ?? rows[0];
    return row === undefined ? undefined : keyFromRow(row);
  }

  async listKeys(query: KeyQuery): Promise<KeyRecord[]> {
    let select = this.db.selectFrom('virtual_keys').selectAll();
    if (query.teamId !== undefined) select = select.where('team_id', '=', query.teamId);
    if (query.includeRevoked !== true) select = select.where('revoked_at', 'is', null);
    if (query.before !== undefined) {
      const cursor = await this.db.selectFrom('virtual_keys').select(['created_at', 'id']).where('id', '=', query.before).executeTakeFirst();
      // Keys are never deleted, so an unknown cursor was not a key of the previous page: nothing follows it.
      if (cursor === undefined) return [];
      select = select.where((where) => where(where.refTuple('created_at', 'id'), '<', where.tuple(cursor.created_at, cursor.id)));
    }
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(keyFromRow);
  }

  async updateKey(id: string, patch: KeyPatch, updatedAt: number): Promise<KeyRecord | undefined> {
    const row = await this.db
      .updateTable('virtual_keys')
      .set({ ...keyPatchToRow(patch), updated_at: updatedAt })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
      .catch((error: unknown) => rethrowConflict(error, 'key', { id, name: patch.name, teamId: patch.teamId ?? undefined }));
    return row === undefined ? undefined : keyFromRow(row);
  }

  async keysChangedSince(since: number): Promise<KeyRecord[]> {
    const rows = await this.db.selectFrom('virtual_keys').selectAll().where('updated_at', '>=', since).orderBy('updated_at').orderBy('id').execute();
    return rows.map(keyFromRow);
  }

  async teamsChangedSince(since: number): Promise<TeamRecord[]> {
    const rows = await this.db.selectFrom('teams').selectAll().where('updated_at', '>=', since).orderBy('updated_at').orderBy('id').execute();
    return rows.map(teamFromRow);
  }

  async putCredential(credential: CredentialRecord): Promise<void> {
    const row = {
      name: credential.name,
      provider: credential.provider,
      ciphertext: credential.ciphertext,
      hint: credential.hint,
      created_at: credential.createdAt,
      updated_at: credential.updatedAt,
    };
    const { name: _name, ...replaced } = row;
    await this.db
      .insertInto('credentials')
      .values(row)
      .onConflict((conflict) => conflict.column('name').doUpdateSet(replaced))
      .execute();
  }

  async getCredential(name: string): Promise<CredentialRecord | undefined> {
    const row = await this.db.selectFrom('credentials').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : credentialFromRow(row);
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    const rows = await this.db.selectFrom('credentials').selectAll().orderBy('name').execute();
    return rows.map(credentialFromRow);
  }

  async deleteCredential(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('credentials').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  writeRequests(rows: readonly RequestLogRow[], options: { log: boolean }): Promise<{ inserted: number }> {
    return this.writeRequestsWith(this.db, rows, options);
  }

  async getRequestLog(id: string): Promise<RequestLogRow | undefined> {
    const row = await this.db
      .selectFrom('request_logs')
      .leftJoin('request_log_details', 'request_log_details.request_id', 'request_logs.id')
      .selectAll('request_logs')
      .select(['request_log_details.trace', 'request_log_details.request_body', 'request_log_details.response_body'])
      .where('request_logs.id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : requestLogFromRow(row, row);
  }

  queryRequestLogs(query: RequestLogQuery): Promise<RequestLogRow[]> {
    return queryRequestLogs(this.db, query, this.kind === 'postgres' ? 'ilike' : 'like');
  }

  async deleteRequestLogsBefore(before: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    // The oldest rows first, through the (at, id) index; their details go with them (ON DELETE CASCADE).
    const oldest = this.db.selectFrom('request_logs').select('id').where('at', '<', before).orderBy('at').orderBy('id').limit(limit);
    // PostgreSQL may plan `id IN (subquery)` as a hash join over the whole log (seen at 300,000 rows
    // with fresh statistics); `= ANY(ARRAY(subquery))` is always a primary-key lookup per id.
    const result = await this.db
      .deleteFrom('request_logs')
      .where((where) => (this.kind === 'postgres' ? sql<boolean>`${where.ref('id')} = any(array(${oldest}))` : where('id', 'in', oldest)))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  requestStats(query: RequestStatsQuery): Promise<RequestStatsBucket[]> {
    return requestStats(this.db, query);
  }

  requestStatsDimensions(query: { from: number; to: number }): Promise<RequestStatsDimensions> {
    return requestStatsDimensions(this.db, query);
  }

  deleteRequestStatsBefore(before: number, limit: number): Promise<number> {
    return deleteRequestStatsBefore(this.db, before, limit);
  }

  spendSince(scope: SpendScope, fromDay: string | undefined): Promise<number> {
    return spendSince(this.db, scope, fromDay);
  }

  spendReport(query: SpendQuery): Promise<SpendReportRow[]> {
    return spendReport(this.db, query);
  }

  async addFeedback(feedback: FeedbackRecord): Promise<void> {
    await this.db
      .insertInto('request_feedback')
      .values(feedbackToRow(feedback))
      .execute()
      .catch((error: unknown) => {
        if (constraintViolation(error)?.kind !== 'unique') throw error;
        throw new StoreConflictError(`feedback with id "${feedback.id}" already exists: use another id`, { cause: error });
      });
  }

  async feedbackFor(requestId: string): Promise<FeedbackRecord[]> {
    const rows = await this.db.selectFrom('request_feedback').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
    return rows.map(feedbackFromRow);
  }

  async listFeedback(query: FeedbackQuery): Promise<FeedbackRecord[]> {
    let select = this.db.selectFrom('request_feedback').selectAll();
    if (query.from !== undefined) select = select.where('at', '>=', query.from);
    if (query.to !== undefined) select = select.where('at', '<', query.to);
    if (query.keyId !== undefined) select = select.where('key_id', '=', query.keyId);
    const before = query.before;
    if (before !== undefined) select = select.where((where) => where(where.refTuple('at', 'id'), '<', where.tuple(before.at, before.id)));
    const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(feedbackFromRow);
  }

  feedbackTotals(query: { from: number; to: number }): Promise<FeedbackTotal[]> {
    return feedbackTotals(this.db, query);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function credentialFromRow(row: Database['credentials']): CredentialRecord {
  return { name: row.name, provider: row.provider, ciphertext: row.ciphertext, hint: row.hint, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * Turns a unique clash into a StoreConflictError that says which value clashed, and a missing team
 * into an error that says so; anything else is rethrown as the driver threw it.
 */
function rethrowConflict(error: unknown, entity: 'team' | 'key', values: { id: string; name?: string | undefined; teamId?: string | undefined }): never {
  const violation = constraintViolation(error);
  if (violation?.kind === 'foreign-key') {
    throw new Error(`team "${values.teamId}" does not exist: create the team first, or leave the ${entity} without a team`, { cause: error });
  }
  if (violation?.kind !== 'unique') throw error;
  const message =
    violation.column === 'name'
      ? `a ${entity} named "${values.name}" already exists: choose another name`
      : violation.column === 'hash'
        ? `another key already has this secret: generate a new one`
        : `a ${entity} with id "${values.id}" already exists: use another id`;
  throw new StoreConflictError(message, { cause: error });
}
