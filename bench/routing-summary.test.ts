import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoutingDeployment } from './routing-deployments.js';
import type { RoutingOutcome } from './routing-request.js';
import { combineRoutingRounds, percentile, summarizeRoutingRun } from './routing-summary.js';
import { formatRoutingTables } from './routing-table.js';
import { routingWorkload } from './routing-workload.js';

const deployments: RoutingDeployment[] = [
  { name: 'cheap', model: 'cheap-model', description: '', profile: {}, price: { input: 1, output: 2 }, quality: 0.5, weight: 1, priority: 0, hasOutage: false },
  { name: 'dear', model: 'dear-model', description: '', profile: {}, price: { input: 10, output: 40 }, quality: 0.9, weight: 1, priority: 1, hasOutage: false },
];

function outcome(fields: Partial<RoutingOutcome>): RoutingOutcome {
  return {
    index: 0,
    stream: false,
    ok: true,
    status: 200,
    latencyMs: 100,
    provider: 'cheap',
    model: 'cheap-model',
    attempts: 1,
    promptTokens: 0,
    completionTokens: 0,
    error: undefined,
    ...fields,
  };
}

describe('summarizeRoutingRun', () => {
  it('bills usage at the configured price of the deployment the headers name, failed answers included', () => {
    const summary = summarizeRoutingRun(
      'cost',
      [
        outcome({ promptTokens: 1_000_000, completionTokens: 0 }),
        outcome({ provider: 'dear', model: 'dear-model', promptTokens: 100_000, completionTokens: 50_000 }),
        outcome({ provider: 'dear', model: 'dear-model', ok: false, error: 'GW_ERR_UPSTREAM_STREAM_INTERRUPTED (mid-stream)', promptTokens: 0, completionTokens: 1_000 }),
      ],
      deployments,
      1,
    );
    // 1M × $1 + (100k × $10 + 50k × $40) / 1M + 1k × $40 / 1M
    assert.equal(summary.costUsd.toFixed(6), (1 + 1 + 2 + 0.04).toFixed(6));
  });

  it('counts shares and latency over successful answers, failures by code, retries by the attempts header', () => {
    const summary = summarizeRoutingRun(
      'priority',
      [
        outcome({ latencyMs: 10 }),
        outcome({ latencyMs: 30, provider: 'dear', model: 'dear-model', attempts: 2 }),
        outcome({ latencyMs: 20 }),
        outcome({ latencyMs: 1, ok: false, status: 503, error: 'GW_ERR_UPSTREAM_OVERLOADED', attempts: 3 }),
        outcome({ latencyMs: 5, provider: 'elsewhere', model: 'x' }),
      ],
      deployments,
      2,
    );
    assert.deepEqual(summary.servedBy, { cheap: 2, dear: 1, other: 1 });
    assert.deepEqual(summary.errors, { GW_ERR_UPSTREAM_OVERLOADED: 1 });
    assert.equal(summary.succeeded, 4);
    assert.equal(summary.p50Ms, 10);
    assert.equal(summary.p95Ms, 30);
    assert.equal(summary.retried, 2);
    assert.equal(summary.meanAttempts, 8 / 5);
  });
});

describe('percentile', () => {
  it('is the nearest rank, and NaN without values', () => {
    const sorted = Array.from({ length: 20 }, (_, index) => index + 1);
    assert.equal(percentile(sorted, 50), 10);
    assert.equal(percentile(sorted, 95), 19);
    assert.equal(percentile(sorted, 100), 20);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
});

describe('combineRoutingRounds and formatRoutingTables', () => {
  it('keeps the median round latency, pools shares, and shows every round when there are several', () => {
    const rounds = [10, 30, 20].map((latencyMs) =>
      summarizeRoutingRun('latency', [outcome({ latencyMs, attempts: 2 }), outcome({ latencyMs, ok: false, error: 'boom' })], deployments, 1),
    );
    const combined = combineRoutingRounds(rounds);
    assert.equal(combined.p50Ms, 20);
    assert.deepEqual(combined.p50ByRound, [10, 30, 20]);
    assert.equal(combined.requests, 6);
    assert.deepEqual(combined.servedBy, { cheap: 3, dear: 0 });
    assert.equal(combined.retried, 1);
    const table = formatRoutingTables([combined], deployments);
    assert.match(table, /\| latency \| 50\.0% \| 20 \| 20 \| 0\.0000 \| 50\.0% \| 0\.0% \| 50\.0% \| 10\/10, 30\/30, 20\/20 \|/);
    assert.match(table, /3× boom/);
  });
});

describe('routingWorkload', () => {
  it('is the same for the same seed and differs for another', () => {
    assert.deepEqual(routingWorkload(50, 7, 20), routingWorkload(50, 7, 20));
    assert.notDeepEqual(routingWorkload(50, 7, 20), routingWorkload(50, 8, 20));
  });

  it('arrives in order at about the asked rate, with a mix of streams, sizes and contract reviews', () => {
    const workload = routingWorkload(2_000, 42, 20);
    for (let index = 1; index < workload.length; index++) assert.ok(workload[index]!.sendAtMs >= workload[index - 1]!.sendAtMs);
    const seconds = workload.at(-1)!.sendAtMs / 1000;
    assert.ok(seconds > 90 && seconds < 110, `2,000 requests at 20/s took ${seconds} s`);
    const streamed = workload.filter((item) => item.stream).length / workload.length;
    assert.ok(streamed > 0.45 && streamed < 0.55);
    assert.ok(workload.some((item) => item.promptWords >= 1_200));
    assert.ok(workload.some((item) => item.prompt.startsWith('contract ')));
    assert.ok(workload.every((item) => item.maxTokens >= 16 && item.maxTokens <= 127));
  });
});
