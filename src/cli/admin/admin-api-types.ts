/**
 * The shapes of the admin API's answers, as far as the CLI prints them. The CLI talks to the gateway
 * over HTTP only (it may run on another machine), so it keeps its own copy of these rather than
 * importing the server's; --json prints whatever the API answered, untouched.
 */

export interface BudgetJson {
  period: string;
  limit_usd: number;
  alert_at: number | null;
}

export interface BudgetStatusJson {
  period: string;
  limit_usd: number;
  spent_usd: number;
  resets_at: string | null;
}

export interface LimitsJson {
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  max_parallel: number | null;
  budgets: BudgetJson[];
  budget_status: BudgetStatusJson[];
}

export interface KeyJson extends LimitsJson {
  id: string;
  name: string;
  preview: string;
  team_id: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
  previous_valid_until: string | null;
  /** Only in the answers to create and rotate. */
  key?: string;
}

export interface TeamJson extends LimitsJson {
  id: string;
  name: string;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface CredentialJson {
  name: string;
  provider: string;
  hint: string;
  created_at: string;
  updated_at: string;
}

export interface SpendFigures {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
}

export interface SpendReportJson {
  from: string;
  to: string;
  group_by: string[];
  data: Array<SpendFigures & Record<string, string | number | null>>;
  total: SpendFigures;
}

export interface LogRowJson {
  id: string;
  at: string;
  endpoint: string;
  key_id: string | null;
  team_id: string | null;
  model: string;
  deployment: string | null;
  provider: string | null;
  attempts: number;
  route_reason: string | null;
  category?: string | null;
  stream: boolean;
  status: number;
  error_code: string | null;
  error_message: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
  trace?: unknown;
  request_body?: string | null;
  response_body?: string | null;
}

export interface Page<T> {
  data: T[];
  next_before: string | null;
}
