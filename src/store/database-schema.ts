/**
 * The tables of the store, as kysely sees them. Both databases hold the same columns (one migration
 * history): times are integer milliseconds, money integer nano-dollars, objects JSON text, and
 * booleans 0/1 integers (better-sqlite3 cannot bind a JS boolean).
 */
export interface Database {
  teams: TeamTable;
  virtual_keys: KeyTable;
  credentials: CredentialTable;
  request_logs: RequestLogTable;
  request_log_details: RequestLogDetailTable;
  spend_daily: SpendDailyTable;
  request_feedback: RequestFeedbackTable;
  request_stats_minute: RequestStatsMinuteTable;
  request_stats_hourly: RequestStatsHourlyTable;
}

export interface TeamTable {
  id: string;
  name: string;
  limits: string;
  metadata: string;
  created_at: number;
  updated_at: number;
}

export interface KeyTable {
  id: string;
  name: string;
  hash: string;
  preview: string;
  team_id: string | null;
  limits: string;
  metadata: string;
  /** A JSON array of strings. */
  tags: string;
  expires_at: number | null;
  revoked_at: number | null;
  previous_hash: string | null;
  previous_valid_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface CredentialTable {
  name: string;
  provider: string;
  ciphertext: string;
  hint: string;
  created_at: number;
  updated_at: number;
}

/** One row per request, narrow on purpose: the large and rarely read parts live in request_log_details. */
export interface RequestLogTable {
  id: string;
  client_request_id: string | null;
  at: number;
  endpoint: string;
  key_id: string | null;
  team_id: string | null;
  model: string;
  deployment: string | null;
  provider: string | null;
  attempts: number;
  route_reason: string | null;
  stream: number;
  status: number;
  error_code: string | null;
  error_message: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  reasoning_tokens: number;
  cost_nusd: number;
  latency_ms: number;
  ttft_ms: number | null;
  /** The request's task category (migration 0004); NULL when nothing decided one. */
  category: string | null;
}

/** The trace and the bodies of a request, only when it has any; read by getRequestLog alone. */
export interface RequestLogDetailTable {
  request_id: string;
  trace: string | null;
  request_body: string | null;
  response_body: string | null;
}

/**
 * Spend per UTC day and attribution. The dimensions use '' for "none" (no key, no deployment…) so the
 * primary key has no NULLs and ON CONFLICT finds the row.
 */
export interface SpendDailyTable {
  day: string;
  key_id: string;
  team_id: string;
  model: string;
  provider: string;
  deployment: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  reasoning_tokens: number;
  cost_nusd: number;
}

/** Feedback on a request; `request_id` is not a foreign key (the request's row may not be written yet). */
export interface RequestFeedbackTable {
  id: string;
  request_id: string;
  at: number;
  key_id: string | null;
  score: number;
  label: string | null;
  /** What the request was, when the replica that served it took the feedback (migration 0004); else NULL and readers join request_logs. */
  model: string | null;
  deployment: string | null;
  category: string | null;
}

/** A histogram bucket column of request_stats_minute (request-stats-histogram.ts names them). */
export type HistogramColumn = `${'latency' | 'ttft'}_${'lt' | 'ge'}_${number}`;

/**
 * Request statistics per UTC minute and attribution (migration 0005): counts and sums that upserts add
 * to, and one count per histogram bucket (NULL: none). Dimensions use '' for "none", as in spend_daily.
 */
export interface RequestStatsMinuteTable extends Record<HistogramColumn, number | null> {
  /** Epoch milliseconds of the minute's start. */
  minute: number;
  model: string;
  provider: string;
  deployment: string;
  key_id: string;
  team_id: string;
  requests: number;
  /** Status 400 and above, except 499. */
  errors: number;
  /** Status 499: the client disconnected before the answer was complete. */
  cancelled: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  reasoning_tokens: number;
  cost_nusd: number;
  /** Requests answered (status below 400) and their latency. */
  latency_count: number;
  latency_sum_ms: number;
  /** Streams answered with output and their time to first token. */
  ttft_count: number;
  ttft_sum_ms: number;
}

/**
 * Request statistics per UTC hour, model, provider and deployment (migration 0006): the minute table's
 * measures without the key and team, for charts of an hour or more per bucket that filter on neither.
 */
export interface RequestStatsHourlyTable extends Omit<RequestStatsMinuteTable, 'minute' | 'key_id' | 'team_id'> {
  /** Epoch milliseconds of the hour's start. */
  hour: number;
}
