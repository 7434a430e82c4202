import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hybridStrategy } from './hybrid-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

const now = 1_700_000_000_000;

function close(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
}

test('hybrid: each dimension relative to the best candidate, unknowns at 0.5, weighted mean; highest score first', () => {
  const candidates = [
    candidateFixture('b/fast-dear-weak', { estimatedCostUsd: 0.003, estimatedLatencyMs: 500, quality: 0.7 }),
    candidateFixture('c/unpriced-slow', { estimatedLatencyMs: 2_000, quality: 0.8 }),
    candidateFixture('d/unknowns', { estimatedCostUsd: 0.002 }),
    candidateFixture('a/cheap-good', { estimatedCostUsd: 0.001, estimatedLatencyMs: 1_000, quality: 0.9 }),
  ];
  const strategy = hybridStrategy({ cost: 0.4, latency: 0.3, quality: 0.3 });
  assert.equal(strategy.needsTokens, true);
  const ranking = strategy.rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(ranking.ordered), ['a/cheap-good', 'b/fast-dear-weak', 'c/unpriced-slow', 'd/unknowns']);
  close(ranking.scores.get('a/cheap-good')?.score, 0.4 * 1 + 0.3 * (600 / 1100) + 0.3 * 1);
  close(ranking.scores.get('d/unknowns')?.score, 0.4 * 0.5 + 0.3 * 0.5 + 0.3 * 0.5);
  close(ranking.scores.get('c/unpriced-slow')?.score, 0.4 * 0.5 + 0.3 * (600 / 2100) + 0.3 * (0.8 / 0.9));
  close(ranking.scores.get('b/fast-dear-weak')?.score, 0.4 * (0.001 / 0.003) + 0.3 * 1 + 0.3 * (0.7 / 0.9));
  assert.equal(ranking.scores.get('a/cheap-good')?.detail, 'cost 1.00 latency 0.55 quality 1.00');
  assert.equal(ranking.scores.get('d/unknowns')?.detail, 'cost 0.50 latency 0.50 (no estimate) quality 0.50 (no score)');
  assert.equal(ranking.reason, 'hybrid: a/cheap-good score 0.86 (cost 1.00 latency 0.55 quality 1.00)');
});

test('hybrid: weights need not sum to 1, and a zero weight leaves its dimension out', () => {
  const candidates = [
    candidateFixture('a/cheap-slow', { estimatedCostUsd: 0.001, estimatedLatencyMs: 3_000, quality: 0.5 }),
    candidateFixture('b/dear-fast', { estimatedCostUsd: 0.004, estimatedLatencyMs: 1_000, quality: 0.9 }),
  ];
  const latencyOnly = hybridStrategy({ cost: 0, latency: 5, quality: 0 });
  assert.equal(latencyOnly.needsTokens, false);
  const ranking = latencyOnly.rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(ranking.ordered), ['b/dear-fast', 'a/cheap-slow']);
  assert.equal(ranking.scores.get('b/dear-fast')?.detail, 'latency 1.00');
  close(ranking.scores.get('a/cheap-slow')?.score, 1_100 / 3_100);
  const costHeavy = hybridStrategy({ cost: 3, latency: 1, quality: 0 }).rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(costHeavy.ordered), ['a/cheap-slow', 'b/dear-fast']);
  close(costHeavy.scores.get('a/cheap-slow')?.score, (3 * 1 + 1 * (1_100 / 3_100)) / 4);
});

test('hybrid: when every candidate is equal on a dimension each gets 1, and ties keep configured order', () => {
  const candidates = [
    candidateFixture('a/one', { estimatedCostUsd: 0.002, estimatedLatencyMs: 800, quality: 0.6 }),
    candidateFixture('b/two', { estimatedCostUsd: 0.002, estimatedLatencyMs: 800, quality: 0.6 }),
  ];
  const ranking = hybridStrategy({ cost: 1, latency: 1, quality: 1 }).rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(ranking.ordered), ['a/one', 'b/two']);
  assert.equal(ranking.scores.get('b/two')?.score, 1);
});

test('hybrid: the explored candidate goes first only when latency carries weight', () => {
  const candidates = [
    candidateFixture('a/best', { estimatedCostUsd: 0.001, estimatedLatencyMs: 400, quality: 0.9 }),
    candidateFixture('b/stale', { estimatedCostUsd: 0.005, explore: true, lastSampleAt: now - 12_000 }),
  ];
  const withLatency = hybridStrategy({ cost: 0.4, latency: 0.3, quality: 0.3 }).rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(withLatency.ordered), ['b/stale', 'a/best']);
  assert.equal(withLatency.reason, 'hybrid: exploring b/stale (no sample for 12 s)');
  const withoutLatency = hybridStrategy({ cost: 0.5, latency: 0, quality: 0.5 }).rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(withoutLatency.ordered), ['a/best', 'b/stale']);
  assert.equal(hybridStrategy({ cost: 1, latency: 0, quality: 0 }).rank([], contextFixture()).reason, 'hybrid: no candidates');
});

test('hybrid: near-identical deployments score near-identically (no herding on noise)', () => {
  const candidates = [
    candidateFixture('a/one', { estimatedCostUsd: 0.002, estimatedLatencyMs: 100.4, quality: 0.6 }),
    candidateFixture('b/two', { estimatedCostUsd: 0.002, estimatedLatencyMs: 100.0, quality: 0.6 }),
  ];
  const ranking = hybridStrategy({ cost: 0.4, latency: 0.3, quality: 0.3 }).rank(candidates, contextFixture({ now }));
  const gap = (ranking.scores.get('b/two')?.score ?? 0) - (ranking.scores.get('a/one')?.score ?? 0);
  assert.ok(gap > 0 && gap < 0.01, `gap ${gap}`);
});
