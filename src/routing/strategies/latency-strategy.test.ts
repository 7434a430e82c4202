import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyStrategy } from './latency-strategy.js';
import { candidateFixture, contextFixture, idsOf } from './strategy-fixtures.js';

const now = 1_700_000_000_000;

test('latency: lowest estimate first; unmeasured candidates after the measured ones, in configured order', () => {
  const candidates = [
    candidateFixture('a/unknown'),
    candidateFixture('b/slow', { estimatedLatencyMs: 2_400 }),
    candidateFixture('c/unknown'),
    candidateFixture('d/fast', { estimatedLatencyMs: 420.4 }),
  ];
  const ranking = latencyStrategy().rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(ranking.ordered), ['d/fast', 'b/slow', 'a/unknown', 'c/unknown']);
  assert.equal(ranking.reason, 'latency: d/fast fastest (est. 420 ms, of 4)');
  assert.equal(ranking.scores.get('d/fast')?.score, 1 / (1 + 420.4));
  assert.deepEqual(ranking.scores.get('a/unknown'), { score: 0, detail: 'no latency estimate' });
});

test('latency: the first candidate flagged for exploration goes first; a later flag is ordinary', () => {
  const candidates = [
    candidateFixture('a/fast', { estimatedLatencyMs: 300 }),
    candidateFixture('b/stale', { estimatedLatencyMs: 5_000, explore: true, lastSampleAt: now - 6_200 }),
    candidateFixture('c/also-flagged', { estimatedLatencyMs: 900, explore: true }),
  ];
  const ranking = latencyStrategy().rank(candidates, contextFixture({ now }));
  assert.deepEqual(idsOf(ranking.ordered), ['b/stale', 'a/fast', 'c/also-flagged']);
  assert.equal(ranking.reason, 'latency: exploring b/stale (no sample for 6 s)');
  assert.equal(ranking.scores.get('b/stale')?.detail, 'exploring (no sample for 6 s)');
});

test('latency: exploring a never-measured deployment, and nothing measured at all', () => {
  const explored = latencyStrategy().rank([candidateFixture('a/fast', { estimatedLatencyMs: 300 }), candidateFixture('b/new', { explore: true })], contextFixture({ now }));
  assert.deepEqual(idsOf(explored.ordered), ['b/new', 'a/fast']);
  assert.equal(explored.reason, 'latency: exploring b/new (no latency sample yet)');
  const unmeasured = latencyStrategy().rank([candidateFixture('a/one'), candidateFixture('b/two')], contextFixture({ now }));
  assert.deepEqual(idsOf(unmeasured.ordered), ['a/one', 'b/two']);
  assert.equal(unmeasured.reason, 'latency: a/one first in configured order (no latency estimate yet, 2 candidates)');
});
