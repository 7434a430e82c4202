/**
 * The admin API's JSON, typed from the gateway's own response schemas (type-only imports: nothing of
 * the server reaches the bundle), so the dashboard cannot drift from the API without failing to compile.
 */
export type {
  KeyJsonType as KeyJson,
  TeamJsonType as TeamJson,
  BudgetStatusJsonType as BudgetStatusJson,
  LogRowJsonType as LogRowJson,
  LogDetailJsonType as LogDetailJson,
} from '../../src/server/admin/admin-output-schemas.js';

export interface Page<T> {
  data: T[];
  next_before: string | null;
}

// Provisional shapes of the routes being added for the dashboard (stats, deployments, what-if): to be
// replaced by the server's own schema types once those routes land.
export interface StatsBucketFigures {
  requests: number;
  errors: number;
  error_rate: number | null;
  cost_usd: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
}
export interface StatsJson {
  bucket_ms: number;
  buckets: Array<StatsBucketFigures & { at: string }>;
  totals: StatsBucketFigures;
}
export interface StatsDimensionsJson {
  models: string[];
  providers: string[];
  keys: Array<{ id: string; name: string | null }>;
  teams: Array<{ id: string; name: string | null }>;
}
export interface DeploymentsJson {
  providers: Array<{ id: string; deployments: number; open_circuits: number }>;
  groups: Array<{
    name: string;
    deployments: Array<{
      id: string;
      provider: string;
      health: { circuit: string; circuit_until: string | null; cooldown_until: string | null; latency_ms: number | null; ttft_ms: number | null; error_rate: number; in_flight: number };
      limits: { rpm: number | null; rpm_left: number | null; tpm: number | null; tpm_left: number | null };
    }>;
  }>;
}
interface WhatIfFigures {
  cost_usd: number;
  latency_p50_ms: number | null;
}
export interface WhatIfJson {
  sampled: boolean;
  overall: { requests: number; actual: WhatIfFigures; estimated: WhatIfFigures };
  groups: Array<{ model: string; requests: number; deployments: Array<{ deployment: string; actual_requests: number; estimated_requests: number }> }>;
  caveats: string[];
}
