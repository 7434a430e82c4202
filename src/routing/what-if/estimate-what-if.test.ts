import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Price } from '../../catalog/catalog-schema.js';
import type { Deployment } from '../deployment.js';
import { UNKNOWN_HEALTH, type HealthView } from '../health/health-view.js';
import { candidateFixture } from '../strategies/strategy-fixtures.js';
import { estimateWhatIf, type WhatIfGroup, type WhatIfOptions, type WhatIfResult, type WhatIfStrategyConfig } from './estimate-what-if.js';
import type { LoggedRequest } from './logged-request.js';

const START = Date.UTC(2026, 0, 14, 12);

function deployment(id: string, fields: { price?: Price; contextWindow?: number; mode?: 'chat' | 'embedding'; weight?: number; quality?: number } = {}): Deployment {
  return {
    ...candidateFixture(id).deployment,
    price: fields.price,
    contextWindow: fields.contextWindow,
    mode: fields.mode ?? 'chat',
    weight: fields.weight ?? 1,
    quality: fields.quality,
  };
}

function logged(fields: Partial<LoggedRequest> & { deployment: string | undefined }): LoggedRequest {
  return {
    at: START,
    endpoint: 'chat',
    model: 'group',
    status: 200,
    inputTokens: 100,
    outputTokens: 100,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 1_000,
    latencyMs: 100,
    ...fields,
  };
}

function run(requests: LoggedRequest[], strategy: WhatIfStrategyConfig, groups: WhatIfGroup[], options: Partial<WhatIfOptions> = {}): Promise<WhatIfResult> {
  const byName = new Map(groups.map((group) => [group.name, group]));
  return estimateWhatIf({
    requests,
    strategy,
    resolveGroup: (name) => byName.get(name),
    currentHealth: () => UNKNOWN_HEALTH,
    seed: 1,
    ...options,
  });
}

/** A: cheap input, dear output, cheaper cache reads; B: the other way round. Prices in USD per 1M tokens. */
const cheapInput = deployment('p/a', { price: { input: 1, output: 10, cached_input: 0.1 } });
const cheapOutput = deployment('p/b', { price: { input: 4, output: 2 } });

test('cost: each request goes to the deployment cheapest for its own logged tokens, priced exactly as billing would', async () => {
  const requests = [
    // A: 1000×1 + 100×10 = 2000 µ$ (2,000,000 n$); B: 1000×4 + 100×2 = 4200 µ$.
    logged({ deployment: 'p/b', inputTokens: 1_000, outputTokens: 100, costNusd: 4_200_000, latencyMs: 900 }),
    // A: 100 + 10,000 = 10,100 µ$; B: 400 + 2000 = 2400 µ$ (2,400,000 n$).
    logged({ deployment: 'p/b', inputTokens: 100, outputTokens: 1_000, costNusd: 2_400_000, latencyMs: 1_500 }),
    // A: 1000 plain + 9000 cached × 0.1 + 10 × 10 = 2000 µ$; B: 40,000 + 20 = 40,020 µ$.
    logged({ deployment: 'p/b', inputTokens: 10_000, cachedInputTokens: 9_000, outputTokens: 10, costNusd: 40_020_000, latencyMs: 300 }),
  ];
  const result = await run(requests, { type: 'cost' }, [{ name: 'group', deployments: [cheapInput, cheapOutput] }]);
  assert.equal(result.overall.requests, 3);
  assert.equal(result.overall.estimated.costNusd, 2_000_000 + 2_400_000 + 2_000_000);
  assert.equal(result.overall.actual.costNusd, 4_200_000 + 2_400_000 + 40_020_000);
  const shares = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, [entry.actualRequests, entry.estimatedRequests]]));
  assert.deepEqual(shares, { 'p/a': [0, 2], 'p/b': [3, 1] });
  assert.deepEqual(result.groups.map((entry) => [entry.group, entry.summary.estimated.costNusd]), [['group', 6_400_000]]);
  // The request that stays on p/b keeps its logged latency; the others get p/a's, which has no figures at all.
  assert.equal(result.overall.estimated.withoutLatency, 2);
  assert.deepEqual(result.overall.estimated.latency, { count: 1, meanMs: 1_500, p50Ms: 1_500, p95Ms: 1_500 });
  assert.deepEqual(result.overall.actual.latency, { count: 3, meanMs: 900, p50Ms: 900, p95Ms: 1_500 });
  assert.ok(result.caveats.some((caveat) => caveat.startsWith('p/a has no latency figures') && caveat.includes('2 requests')), result.caveats.join('\n'));
});

test('failed requests, models the config no longer has, and requests no deployment can hold are left out and counted', async () => {
  const small = deployment('p/small', { price: { input: 1, output: 1 }, contextWindow: 1_000 });
  const requests = [
    logged({ deployment: 'p/small' }),
    logged({ deployment: 'p/small', status: 429, costNusd: 0 }),
    logged({ deployment: undefined, status: 503, costNusd: 0 }),
    logged({ deployment: 'old/model', model: 'retired' }),
    logged({ deployment: 'old/model', model: 'retired' }),
    logged({ deployment: 'p/small', inputTokens: 990, outputTokens: 20 }),
  ];
  const result = await run(requests, { type: 'priority' }, [{ name: 'group', deployments: [small] }]);
  assert.deepEqual(result.excluded, { failed: 2, unknownGroup: 2, noCandidate: 1 });
  assert.equal(result.overall.requests, 1);
  assert.ok(result.caveats.some((caveat) => caveat.includes('2 requests asked for models the current config does not serve ("retired")')), result.caveats.join('\n'));
  assert.ok(result.caveats.some((caveat) => caveat.startsWith('1 request fit no deployment')));
});

test('a deployment that served in the window but is gone from the group shows as not current', async () => {
  const result = await run([logged({ deployment: 'p/old' })], { type: 'priority' }, [{ name: 'group', deployments: [cheapInput] }]);
  const entries = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, entry]));
  assert.equal(entries['p/old']?.current, false);
  assert.equal(entries['p/old']?.actualRequests, 1);
  assert.equal(entries['p/a']?.current, true);
  assert.equal(entries['p/a']?.estimatedRequests, 1);
});

test('round-robin turns through the deployments with a counter per group, as the state port\'s counter would', async () => {
  const requests = Array.from({ length: 5 }, (_, index) => logged({ deployment: 'p/a', at: START + index }));
  const result = await run(requests, { type: 'round-robin' }, [{ name: 'group', deployments: [cheapInput, cheapOutput] }]);
  const shares = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, entry.estimatedRequests]));
  // Counters 1…5 over two candidates start at index 1: b, a, b, a, b.
  assert.deepEqual(shares, { 'p/a': 2, 'p/b': 3 });
});

test('weighted draws with the seeded random: the same seed gives the same answer, and shares follow the weights', async () => {
  const heavy = deployment('p/heavy', { price: { input: 1, output: 1 }, weight: 3 });
  const light = deployment('p/light', { price: { input: 1, output: 1 }, weight: 1 });
  const requests = Array.from({ length: 2_000 }, (_, index) => logged({ deployment: 'p/heavy', at: START + index }));
  const groups = [{ name: 'group', deployments: [heavy, light] }];
  const first = await run(requests, { type: 'weighted' }, groups, { seed: 42 });
  assert.deepEqual(await run(requests, { type: 'weighted' }, groups, { seed: 42 }), first, 'reproducible');
  const heavyShare = first.overall.deployments.find((entry) => entry.deployment === 'p/heavy')!.estimatedRequests / 2_000;
  // 75 % expected; the binomial standard deviation over 2000 draws is about 1 %.
  assert.ok(Math.abs(heavyShare - 0.75) < 0.04, `heavy took ${heavyShare}`);
  const other = await run(requests, { type: 'weighted' }, groups, { seed: 43 });
  assert.notDeepEqual(other.overall.deployments, first.overall.deployments, 'another seed is another sample');
  assert.ok(first.caveats.some((caveat) => caveat.includes('seed 42')));
});

test('least-busy sees the replay\'s own requests in flight: simultaneous requests spread, later ones find everything idle', async () => {
  const x = deployment('p/x', { price: { input: 1, output: 1 } });
  const y = deployment('p/y', { price: { input: 1, output: 1 } });
  // Both served before in the window, so both have latency figures: 1000 ms flat.
  const requests = [
    logged({ deployment: 'p/x', at: START, latencyMs: 1_000 }),
    logged({ deployment: 'p/y', at: START, latencyMs: 1_000 }),
    logged({ deployment: 'p/x', at: START, latencyMs: 1_000 }),
    logged({ deployment: 'p/y', at: START, latencyMs: 1_000 }),
    // After the first four finished: idle again, so these two split one and one as well.
    logged({ deployment: 'p/x', at: START + 5_000, latencyMs: 1_000 }),
    logged({ deployment: 'p/x', at: START + 5_000, latencyMs: 1_000 }),
  ];
  for (let seed = 1; seed <= 20; seed++) {
    const result = await run(requests, { type: 'least-busy' }, [{ name: 'group', deployments: [x, y] }], { seed });
    const shares = result.overall.deployments.map((entry) => entry.estimatedRequests);
    assert.deepEqual(shares, [3, 3], `seed ${seed}: four requests at once split two and two, the two later ones one and one`);
  }
});

test('latency: the fitted figures rank, a deployment idle in the window falls back to the router\'s averages, and one with neither goes last', async () => {
  const fast = deployment('p/fast', { price: { input: 1, output: 1 } });
  const slow = deployment('p/slow', { price: { input: 1, output: 1 } });
  const idle = deployment('p/idle', { price: { input: 1, output: 1 } });
  const unknown = deployment('p/unknown', { price: { input: 1, output: 1 } });
  const requests = [
    logged({ deployment: 'p/slow', outputTokens: 100, latencyMs: 2_000 }),
    logged({ deployment: 'p/slow', outputTokens: 100, latencyMs: 2_000 }),
    logged({ deployment: 'p/fast', outputTokens: 100, latencyMs: 500 }),
  ];
  const health = (id: string): HealthView => (id === 'p/idle' ? { ...UNKNOWN_HEALTH, ttftMs: 800, latencySamples: 3 } : UNKNOWN_HEALTH);
  const result = await run(requests, { type: 'latency' }, [{ name: 'group', deployments: [unknown, idle, slow, fast] }], { currentHealth: health });
  const shares = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, entry.estimatedRequests]));
  assert.deepEqual(shares, { 'p/fast': 3, 'p/slow': 0, 'p/idle': 0, 'p/unknown': 0 });
  // Two requests move from slow to fast (500 ms each), one stays on fast with its own 500 ms.
  assert.deepEqual(result.overall.estimated.latency, { count: 3, meanMs: 500, p50Ms: 500, p95Ms: 500 });
  assert.equal(result.latency.get('p/idle')?.source, 'current');
  assert.equal(result.latency.get('p/fast')?.source, 'window');
  assert.equal(result.latency.get('p/unknown'), undefined);
  assert.ok(result.caveats.some((caveat) => caveat.startsWith('p/idle served no request in the window')));
  assert.ok(result.caveats.some((caveat) => caveat.startsWith('Exploration')));
});

test('embedding requests consider only embedding deployments; an unpriced choice counts as $0 with a caveat', async () => {
  const chat = deployment('p/chat', { price: { input: 0.01, output: 0.01 } });
  const embed = deployment('p/embed', { mode: 'embedding' });
  const result = await run(
    [logged({ deployment: 'p/embed', endpoint: 'embeddings', outputTokens: 0, costNusd: 0 }), logged({ deployment: 'p/chat' })],
    { type: 'cost' },
    [{ name: 'group', deployments: [chat, embed] }],
  );
  const shares = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, entry.estimatedRequests]));
  assert.deepEqual(shares, { 'p/chat': 1, 'p/embed': 1 });
  assert.equal(result.overall.estimated.unpriced, 1);
  // The chat request: 100 × 0.01 + 100 × 0.01 = 2 µ$.
  assert.equal(result.overall.estimated.costNusd, 2_000);
  assert.ok(result.caveats.some((caveat) => caveat.startsWith('p/embed has no price')));
});

test('a long replay pauses every rowsPerPause requests (the event loop is shared with traffic), with the same answer', async () => {
  const requests = Array.from({ length: 2_500 }, (_, index) => logged({ deployment: 'p/a', at: START + index, inputTokens: index % 7 === 0 ? 5_000 : 100 }));
  const groups = [{ name: 'group', deployments: [cheapInput, cheapOutput] }];
  let pauses = 0;
  const paused = await run(requests, { type: 'cost' }, groups, { pause: async () => void pauses++, rowsPerPause: 1_000 });
  assert.equal(pauses, 2);
  assert.deepEqual(paused, await run(requests, { type: 'cost' }, groups));
});

test('two names for one group (a catalog id and the provider\'s own) share one tally and one round-robin counter', async () => {
  const group = { name: 'p/a', deployments: [cheapInput, cheapOutput, deployment('p/c', { price: { input: 1, output: 1 } })] };
  const requests = Array.from({ length: 4 }, (_, index) => logged({ deployment: 'p/a', model: index % 2 === 0 ? 'p/a' : 'catalog/a', at: START + index }));
  const result = await estimateWhatIf({
    requests,
    strategy: { type: 'round-robin' },
    resolveGroup: (name) => (name === 'p/a' || name === 'catalog/a' ? group : undefined),
    currentHealth: () => UNKNOWN_HEALTH,
    seed: 1,
  });
  assert.deepEqual(result.groups.map((entry) => [entry.group, entry.summary.requests]), [['p/a', 4]]);
  // One counter 1…4 over three candidates: b, c, a, b. (A counter per name would give 1, 2 twice: b, c, b, c.)
  const shares = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, entry.estimatedRequests]));
  assert.deepEqual(shares, { 'p/a': 1, 'p/b': 2, 'p/c': 1 });
});
