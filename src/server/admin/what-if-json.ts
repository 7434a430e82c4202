import type { ComparisonSummary } from '../../routing/what-if/comparison-tally.js';
import type { WhatIfResult } from '../../routing/what-if/estimate-what-if.js';
import type { LatencyStats } from '../../routing/what-if/latency-stats.js';
import { usdOf } from './admin-json.js';
import type { WhatIfJsonType } from './admin-output-schemas.js';

type SummaryJson = WhatIfJsonType['overall'];

/** The estimate's figures as admin JSON (USD, snake_case); the request's own fields are added by the route. */
export function whatIfFigures(result: WhatIfResult): Pick<WhatIfJsonType, 'excluded' | 'overall' | 'groups' | 'latency'> {
  return {
    excluded: { failed: result.excluded.failed, unknown_group: result.excluded.unknownGroup, no_candidate: result.excluded.noCandidate },
    overall: summaryJson(result.overall),
    groups: result.groups.map(({ group, summary }) => ({ group, ...summaryJson(summary) })),
    latency: [...result.latency]
      .map(([deployment, profile]) => ({
        deployment,
        source: profile?.source ?? ('none' as const),
        base_ms: profile === undefined ? null : profile.baseMs,
        ms_per_output_token: profile === undefined ? null : profile.msPerOutputToken,
        samples: profile?.samples ?? 0,
      }))
      .sort((left, right) => left.deployment.localeCompare(right.deployment)),
  };
}

function summaryJson(summary: ComparisonSummary): SummaryJson {
  return {
    requests: summary.requests,
    actual: { cost_usd: usdOf(summary.actual.costNusd), latency: statsJson(summary.actual.latency) },
    estimated: {
      cost_usd: usdOf(summary.estimated.costNusd),
      latency: statsJson(summary.estimated.latency),
      requests_without_latency: summary.estimated.withoutLatency,
      requests_unpriced: summary.estimated.unpriced,
    },
    deployments: summary.deployments.map((entry) => ({
      deployment: entry.deployment,
      current: entry.current,
      actual_requests: entry.actualRequests,
      estimated_requests: entry.estimatedRequests,
      actual_cost_usd: usdOf(entry.actualCostNusd),
      estimated_cost_usd: usdOf(entry.estimatedCostNusd),
    })),
  };
}

function statsJson(stats: LatencyStats | undefined): SummaryJson['actual']['latency'] {
  return stats === undefined ? null : { mean_ms: stats.meanMs, p50_ms: stats.p50Ms, p95_ms: stats.p95Ms };
}
