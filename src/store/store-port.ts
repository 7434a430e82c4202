/**
 * The store port: what must last. Two implementations pass one conformance suite
 * (store-conformance.ts): SQLite (embedded default, one file, WAL) and PostgreSQL (many replicas),
 * built with one migration history (migrations/).
 *
 * Contract:
 * - Times are integer milliseconds since the epoch (UTC); days are 'YYYY-MM-DD' (UTC).
 * - Money is integer nano-dollars (1e-9 USD, `…Nusd`): a request's cost is rounded once, so sums in
 *   reports are exact and equal the sum of the per-request figures.
 * - Objects (limits, metadata, traces) are stored as JSON text and read back as equal values.
 * - A unique-name or duplicate-id clash rejects with StoreConflictError; any other failure (database
 *   down) rejects with whatever the driver threw. Nothing here retries: callers decide.
 * - No method is called on the request path: the gateway reads keys into a cache and writes request
 *   rows in batches (governance/ and the request-log writer).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  insertTeam(team: TeamRecord): Promise<void>;
  getTeam(id: string): Promise<TeamRecord | undefined>;
  listTeams(): Promise<TeamRecord[]>;
  /** Answers the updated team, or undefined when there is none with that id. */
  updateTeam(id: string, patch: TeamPatch, updatedAt: number): Promise<TeamRecord | undefined>;
  /** False when there is no such team; StoreConflictError while keys still belong to it. */
  deleteTeam(id: string): Promise<boolean>;

  insertKey(key: KeyRecord): Promise<void>;
  getKey(id: string): Promise<KeyRecord | undefined>;
  /**
   * The key whose hash is `hash`, or whose previous hash (kept for a grace period after a rotation) is
   * `hash` and still valid at `now`. Revoked and expired keys are answered too: the caller says why they fail.
   */
  findKeyByHash(hash: string, now: number): Promise<KeyRecord | undefined>;
  /** Newest first (by createdAt, then id); `before` is the id of the last key of the previous page. */
  listKeys(query: KeyQuery): Promise<KeyRecord[]>;
  updateKey(id: string, patch: KeyPatch, updatedAt: number): Promise<KeyRecord | undefined>;
  /** Keys and teams whose updatedAt is at or after `since`: how replicas notice changes made elsewhere. */
  keysChangedSince(since: number): Promise<KeyRecord[]>;
  teamsChangedSince(since: number): Promise<TeamRecord[]>;

  /** Inserts, or replaces the one with the same name. */
  putCredential(credential: CredentialRecord): Promise<void>;
  getCredential(name: string): Promise<CredentialRecord | undefined>;
  listCredentials(): Promise<CredentialRecord[]>;
  deleteCredential(name: string): Promise<boolean>;

  /**
   * One transaction: inserts the rows into the request log (when `log`), skipping ids already there
   * (so a batch replayed after a crash or an outage counts once), and adds the rows it inserted to the
   * daily spend totals and to the per-minute request statistics. With `log` false only the totals and
   * the statistics are updated (and a replayed batch counts again: nothing remembers its ids).
   * Answers how many rows were new.
   */
  writeRequests(rows: readonly RequestLogRow[], options: { log: boolean }): Promise<{ inserted: number }>;
  getRequestLog(id: string): Promise<RequestLogRow | undefined>;
  /**
   * Newest first (by at, then id); `before` continues after the last row of the previous page. Rows
   * come without `trace`, `requestBody` and `responseBody` (a list does not need them; getRequestLog has them).
   */
  queryRequestLogs(query: RequestLogQuery): Promise<RequestLogRow[]>;
  /** Deletes up to `limit` rows older than `before` (retention runs in chunks); answers how many went. */
  deleteRequestLogsBefore(before: number, limit: number): Promise<number>;

  /**
   * The per-minute request statistics summed into buckets of `bucketMs` from `from` on: bucket n holds
   * the minutes that start in [from + n × bucketMs, from + (n + 1) × bucketMs), up to `to` (exclusive).
   * Only buckets that have requests are answered, in time order. Filters narrow to any of the values
   * they list ('' selects "none": no key, no team, not served); an empty list matches nothing. Without a
   * key or team filter, and with from, to and the bucket whole hours, the hourly statistics answer it
   * (the same figures from far fewer rows).
   */
  requestStats(query: RequestStatsQuery): Promise<RequestStatsBucket[]>;
  /**
   * The distinct models, providers, deployments, keys and teams of the statistics with minutes in
   * [from, to), '' left out; keys and teams with their names where they still exist. Keys and teams of
   * whole days come from the daily spend totals, only for days from the oldest statistics minute on.
   */
  requestStatsDimensions(query: { from: number; to: number }): Promise<RequestStatsDimensions>;
  /**
   * Deletes the statistics of the oldest minutes before `before`, whole minutes at a time, about `limit`
   * rows per call (retention runs in chunks), and the hourly statistics of the hours whose minutes are
   * all gone: answers how many rows went (of both); fewer than `limit` means none are left.
   */
  deleteRequestStatsBefore(before: number, limit: number): Promise<number>;

  /** Spend in nano-dollars of a key or a team from day `fromDay` on (inclusive); all time when undefined. */
  spendSince(scope: SpendScope, fromDay: string | undefined): Promise<number>;
  /** Totals over days `from`…`to` (inclusive), grouped by the listed dimensions (none: one row). */
  spendReport(query: SpendQuery): Promise<SpendReportRow[]>;

  /** Stores one piece of feedback; a duplicate id is a StoreConflictError. */
  addFeedback(feedback: FeedbackRecord): Promise<void>;
  /** Every piece of feedback given on a request id, oldest first (by at, then id). */
  feedbackFor(requestId: string): Promise<FeedbackRecord[]>;
  /** Newest first (by at, then id); `before` continues after the last record of the previous page. */
  listFeedback(query: FeedbackQuery): Promise<FeedbackRecord[]>;
  /**
   * Feedback with `at` in [from, to), summed per (model, category, deployment) of the request it rates:
   * the record's own model/deployment/category when it has them, else those of the request log row(s)
   * whose id or client_request_id is its requestId (rows without a deployment, and feedback on requests
   * not in the log yet, count nothing). A NULL category counts as 'default'. What the bandit strategy learns from.
   */
  feedbackTotals(query: { from: number; to: number }): Promise<FeedbackTotal[]>;

  close(): Promise<void>;
}

export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

export interface Budget {
  period: BudgetPeriod;
  limitUsd: number;
  /** Share of the limit (0–1) past which the gateway warns once per period. */
  alertAt?: number;
}

/** What a key or a team may do. An absent field is no limit; `models` absent is every model. */
export interface Limits {
  models?: string[];
  rpm?: number;
  tpm?: number;
  maxParallel?: number;
  budgets?: Budget[];
}

export interface TeamRecord {
  id: string;
  name: string;
  limits: Limits;
  metadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type TeamPatch = Partial<Pick<TeamRecord, 'name' | 'limits' | 'metadata'>>;

export interface KeyRecord {
  id: string;
  name: string;
  /** SHA-256 (hex) of the secret; the secret itself is shown once and never stored. */
  hash: string;
  /** The secret's first characters and last four, for people to recognise it ("sk-sr-AbC…wXyZ"). */
  preview: string;
  teamId?: string;
  limits: Limits;
  metadata: Record<string, unknown>;
  tags: string[];
  expiresAt?: number;
  revokedAt?: number;
  /** After a rotation: the old secret's hash, accepted until previousValidUntil. */
  previousHash?: string;
  previousValidUntil?: number;
  createdAt: number;
  updatedAt: number;
}

/** Fields set to `null` are cleared; absent fields stay as they are. */
export type KeyPatch = {
  [Field in 'name' | 'hash' | 'preview' | 'limits' | 'metadata' | 'tags']?: KeyRecord[Field];
} & {
  [Field in 'teamId' | 'expiresAt' | 'revokedAt' | 'previousHash' | 'previousValidUntil']?: KeyRecord[Field] | null;
};

export interface KeyQuery {
  teamId?: string;
  includeRevoked?: boolean;
  limit: number;
  before?: string;
}

export interface CredentialRecord {
  name: string;
  /** The provider type it is for (openai, anthropic, bedrock…). */
  provider: string;
  /** AES-256-GCM ciphertext of the secret fields (JSON), as produced by governance/; never clear text. */
  ciphertext: string;
  /** Last four characters of the main secret, for people to recognise it. */
  hint: string;
  createdAt: number;
  updatedAt: number;
}

export interface RequestLogRow {
  /** The gateway's own id of the request: unique per request. */
  id: string;
  /** The x-request-id the client sent, when it sent one (a client may reuse an id; `id` stays unique). */
  clientRequestId?: string;
  at: number;
  endpoint: 'chat' | 'messages' | 'embeddings';
  keyId?: string;
  teamId?: string;
  /** The model the client asked for (a group name). */
  model: string;
  /** The deployment that served it (`provider/model`), its provider id. */
  deployment?: string;
  provider?: string;
  attempts: number;
  routeReason?: string;
  stream: boolean;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  reasoningTokens: number;
  costNusd: number;
  latencyMs: number;
  ttftMs?: number;
  /** The request's task category: an `llm` classifier's, or a bandit strategy's (from metadata or a header). */
  category?: string;
  /** The routing decision trace (RouteTrace.toJSON()), kept when it says more than the route reason: a failure, a retry or fallback, a filtered deployment, a debug request. */
  trace?: unknown;
  /** Only when body logging is on, after redaction. */
  requestBody?: string;
  responseBody?: string;
}

export interface RequestLogQuery {
  from?: number;
  to?: number;
  keyId?: string;
  teamId?: string;
  model?: string;
  deployment?: string;
  provider?: string;
  clientRequestId?: string;
  /** 'ok' (status < 400), 'error' (≥ 400), or one status. */
  status?: 'ok' | 'error' | number;
  /** Substring of the id, route reason or error message. */
  search?: string;
  limit: number;
  /** The (at, id) of the last row of the previous page. */
  before?: { at: number; id: string };
}

export interface SpendScope {
  keyId?: string;
  teamId?: string;
}

export type SpendDimension = 'day' | 'key' | 'team' | 'model' | 'provider' | 'deployment';

export interface SpendQuery extends SpendScope {
  from: string;
  to: string;
  groupBy: SpendDimension[];
}

export interface SpendReportRow {
  day?: string;
  keyId?: string;
  teamId?: string;
  model?: string;
  provider?: string;
  deployment?: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  reasoningTokens: number;
  costNusd: number;
}

export interface RequestStatsFilter {
  models?: readonly string[];
  providers?: readonly string[];
  deployments?: readonly string[];
  keyIds?: readonly string[];
  teamIds?: readonly string[];
}

export interface RequestStatsQuery extends RequestStatsFilter {
  /** [from, to) on the minute's start, epoch ms. */
  from: number;
  to: number;
  /** The width of a bucket in ms: a whole number of minutes (60,000 or more). */
  bucketMs: number;
}

/**
 * A latency histogram: how many values, their sum, and the count per bucket of
 * request-stats-histogram.ts (HISTOGRAM_BUCKETS counts, in bucket order).
 */
export interface LatencyHistogram {
  count: number;
  sumMs: number;
  buckets: number[];
}

export interface RequestStatsBucket {
  /** The bucket's start, epoch ms. */
  at: number;
  requests: number;
  /** Status 400 and above, except 499. */
  errors: number;
  /** Status 499: the client disconnected before the answer was complete. */
  cancelled: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  reasoningTokens: number;
  costNusd: number;
  /** Requests answered (status below 400), from start to the last byte. */
  latency: LatencyHistogram;
  /** Streams answered (status below 400) that sent output: time to their first output. */
  ttft: LatencyHistogram;
}

export interface RequestStatsDimensions {
  models: string[];
  providers: string[];
  deployments: string[];
  /** By id; `name` is absent when the key no longer exists. */
  keys: Array<{ id: string; name?: string }>;
  teams: Array<{ id: string; name?: string }>;
}

/**
 * Feedback on a request. `requestId` is the id the client saw in x-request-id: the gateway's row id,
 * or the client's own x-request-id when it sent one (then it may name several rows, see
 * RequestLogRow.clientRequestId). It is not checked against the request log: the row may not be written yet.
 */
export interface FeedbackRecord {
  id: string;
  requestId: string;
  at: number;
  /** The virtual key that gave it; absent for the master key, static keys and an open gateway. */
  keyId?: string;
  /** 0 (bad) to 1 (good); thumbs up is 1, down 0. */
  score: number;
  label?: string;
  /**
   * What the rated request was (the model asked for, the deployment that served it, its category), set
   * when the replica that served it took the feedback; absent otherwise (readers join the request log).
   */
  model?: string;
  deployment?: string;
  category?: string;
}

/** Feedback summed for one (model, category, deployment): `scoreSum` successes and `ratings − scoreSum` failures. */
export interface FeedbackTotal {
  model: string;
  category: string;
  deployment: string;
  ratings: number;
  scoreSum: number;
}

export interface FeedbackQuery {
  /** [from, to) on `at`. */
  from?: number;
  to?: number;
  keyId?: string;
  limit: number;
  /** The (at, id) of the last record of the previous page. */
  before?: { at: number; id: string };
}

/** A unique name or id that already exists, or a team that still has keys. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}
