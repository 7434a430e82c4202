import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DeploymentsJson, WhatIfJson } from '../src/server/admin/admin-output-schemas.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import type { RequestLogRow } from '../src/store/store-port.js';
import { simModel, startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * GET /admin/deployments and POST /admin/what-if on a real gateway in front of the simulator: health
 * and headroom as the router counts them, and a what-if over log rows whose cost is worked out by hand.
 */
const MASTER_KEY = 'test-master-key-0123456789';
const CLIENT_KEY = 'sk-test-client-key-0123';
const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };
const auth = { master_key: MASTER_KEY, keys: [CLIENT_KEY] };
let simulator: RunningSimulator;

before(async () => {
  simulator = await startSimulator({ seed: 5, profiles: { flappy: { ...quick }, backup: { ...quick }, metered: { ...quick } } });
});

after(() => simulator.close());

async function admin(gateway: RoutingGateway, method: string, path: string, body?: unknown, key: string | null = MASTER_KEY): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function deployments(gateway: RoutingGateway) {
  const answer = await admin(gateway, 'GET', '/admin/deployments');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  // Strict: an undocumented field fails here.
  return DeploymentsJson.parse(answer.body);
}

function chat(gateway: RoutingGateway, model: string) {
  return gateway.chat({ model }, { authorization: `Bearer ${CLIENT_KEY}` });
}

test('health as the router sees it: latency after a success, then an open circuit with its reason and error rate after failures', async () => {
  const gateway = await startRoutingGateway(simulator, {
    auth,
    models: [{ name: 'guarded', deployments: [{ provider: 'sim', model: 'flappy' }, { provider: 'sim', model: 'backup', weight: 3, priority: 1 }] }],
    catalog: { models: [simModel('flappy', { input: 1, output: 2, quality: 0.7 }), simModel('backup', { input: 3, output: 4 })] },
    routing: { circuit_breaker: { consecutive_failures: 3, cooldown_ms: 60_000 }, retry: { backoff_base_ms: 1, backoff_max_ms: 10 } },
  });
  try {
    const fresh = await deployments(gateway);
    const group = fresh.groups.find((entry) => entry.name === 'guarded');
    assert.ok(group !== undefined, 'the configured group is listed');
    assert.equal(group.strategy, 'priority');
    const [flappy, backup] = group.deployments;
    assert.deepEqual(
      { id: flappy?.id, provider: flappy?.provider, model: flappy?.model, price: flappy?.price, quality: flappy?.quality, context_window: flappy?.context_window },
      { id: 'sim/flappy', provider: 'sim', model: 'flappy', price: { input: 1, output: 2, cached_input: null, cache_write: null, cache_write_long: null }, quality: 0.7, context_window: 128_000 },
    );
    assert.deepEqual([backup?.id, backup?.weight, backup?.priority], ['sim/backup', 3, 1]);
    assert.equal(flappy?.health.circuit, 'closed');
    assert.equal(flappy?.health.ttft_ms, null, 'nothing measured yet');
    assert.deepEqual(flappy?.headroom, { rpm: null, tpm: null }, 'no limits of its own');
    assert.equal(fresh.limits_error, null);
    assert.deepEqual(fresh.providers.map((provider) => [provider.id, provider.type, provider.status, provider.deployments]), [['sim', 'openai-compatible', 'ok', 2]]);

    assert.equal((await chat(gateway, 'guarded')).status, 200);
    const served = (await deployments(gateway)).groups.find((entry) => entry.name === 'guarded')!.deployments[0]!;
    assert.equal(served.health.latency_samples, 1);
    assert.equal(typeof served.health.ttft_ms, 'number');
    assert.ok(served.health.last_sample_at !== null);

    simulator.setProfile('flappy', { outages: [{ mode: 'error' }] });
    for (let index = 0; index < 3; index++) assert.equal((await chat(gateway, 'guarded')).headers.get('x-skyroute-model'), 'backup');
    const afterFailures = await deployments(gateway);
    const broken = afterFailures.groups.find((entry) => entry.name === 'guarded')!.deployments[0]!;
    assert.equal(broken.health.circuit, 'open');
    assert.ok(broken.health.half_open_at !== null && Date.parse(broken.health.half_open_at) > Date.now() + 50_000, `half-opens a minute after it opened: ${broken.health.half_open_at}`);
    assert.ok((broken.health.reason ?? '').length > 0, 'the reason is the last error');
    assert.equal(broken.health.error_rate, 0.75, 'three failures and one success in the window');
    const sim = afterFailures.providers.find((provider) => provider.id === 'sim')!;
    assert.deepEqual([sim.status, sim.open, sim.half_open], ['degraded', 1, 0]);
  } finally {
    simulator.setProfile('flappy', { outages: [] });
    await gateway.close();
  }
});

test('headroom counts what requests took from a limited deployment, and reading it takes nothing', async () => {
  const gateway = await startRoutingGateway(simulator, {
    auth,
    models: [{ name: 'limited', deployments: [{ provider: 'sim', model: 'metered', rpm: 5, tpm: 100_000 }] }],
    catalog: { models: [simModel('metered', { input: 1, output: 1 })] },
  });
  try {
    // Limits count in sliding minutes over wall-clock windows: starting well inside a minute keeps every
    // request of this test in one window, so the counts are whole (a test takes well under a second).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_100 - intoMinute));
    const headroom = async () => (await deployments(gateway)).groups.find((entry) => entry.name === 'limited')!.deployments[0]!.headroom;
    assert.deepEqual(await headroom(), { rpm: { limit: 5, used: 0, left: 5 }, tpm: { limit: 100_000, used: 0, left: 100_000 } });

    let tokens = 0;
    for (let index = 0; index < 2; index++) {
      const answer = await chat(gateway, 'limited');
      assert.equal(answer.status, 200);
      tokens += (answer.body as { usage: { total_tokens: number } }).usage.total_tokens;
    }
    // The token window is corrected to the real usage after each answer (a fire-and-forget write).
    let seen = await headroom();
    for (let tries = 0; tries < 50 && seen?.tpm?.used !== tokens; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await headroom();
    }
    assert.deepEqual(seen, { rpm: { limit: 5, used: 2, left: 3 }, tpm: { limit: 100_000, used: tokens, left: 100_000 - tokens } });

    for (let read = 0; read < 5; read++) await headroom();
    for (let index = 0; index < 3; index++) assert.equal((await chat(gateway, 'limited')).status, 200, `request ${index + 3} of 5 still fits: reading took nothing`);
    assert.equal((await chat(gateway, 'limited')).status, 429, 'the sixth is over the limit');
    assert.deepEqual((await headroom())?.rpm, { limit: 5, used: 5, left: 0 });
  } finally {
    await gateway.close();
  }
});

/** A log row as the request-log writer stores it, for a what-if over known traffic. */
function row(fields: Partial<RequestLogRow> & Pick<RequestLogRow, 'model' | 'at'>): RequestLogRow {
  return {
    id: randomUUID(),
    endpoint: 'chat',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 100,
    outputTokens: 100,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 0,
    latencyMs: 200,
    ...fields,
  };
}

test('a what-if over known logged traffic: the cost strategy\'s exact hand-worked cost and shares, weighted shares, sampling, and the caveats', async () => {
  const gateway = await startRoutingGateway(simulator, {
    auth,
    models: [
      { name: 'pair', deployments: [{ provider: 'sim', model: 'cheap-in' }, { provider: 'sim', model: 'cheap-out' }] },
      { name: 'split', deployments: [{ provider: 'sim', model: 'heavy', weight: 3 }, { provider: 'sim', model: 'light', weight: 1 }] },
    ],
    catalog: {
      models: [
        // USD per million tokens. cheap-in: cheap input (and cache reads), dear output; cheap-out the other way round.
        { ...simModel('cheap-in', { input: 1, output: 10 }), price: { input: 1, output: 10, cached_input: 0.1 } },
        simModel('cheap-out', { input: 4, output: 2 }),
        simModel('heavy', { input: 1, output: 1 }),
        simModel('light', { input: 1, output: 1 }),
      ],
    },
  });
  try {
    const now = Date.now();
    const store = gateway.app.runtime().gateway.admin.store;
    await store.writeRequests(
      [
        // cheap-in: 1000×1 + 100×10 = 2000 µ$ = $0.002; cheap-out: 4000 + 200 = 4200 µ$. → cheap-in.
        row({ model: 'pair', deployment: 'sim/cheap-out', provider: 'sim', at: now - 50 * 60_000, inputTokens: 1_000, outputTokens: 100, costNusd: 4_200_000, latencyMs: 900 }),
        // cheap-in: 100 + 10,000 = 10,100 µ$; cheap-out: 400 + 2000 = 2400 µ$ = $0.0024. → cheap-out.
        row({ model: 'pair', deployment: 'sim/cheap-out', provider: 'sim', at: now - 40 * 60_000, inputTokens: 100, outputTokens: 1_000, costNusd: 2_400_000, latencyMs: 1_500 }),
        // cheap-in: 1000 plain + 9000 cached × 0.1 + 10 × 10 = 2000 µ$; cheap-out: 40,000 + 20 µ$. → cheap-in.
        row({ model: 'pair', deployment: 'sim/cheap-out', provider: 'sim', at: now - 30 * 60_000, inputTokens: 10_000, cachedInputTokens: 9_000, outputTokens: 10, costNusd: 40_020_000, latencyMs: 300 }),
        // Left out: a failure, and a model the config no longer has.
        row({ model: 'pair', deployment: 'sim/cheap-out', provider: 'sim', at: now - 20 * 60_000, status: 502, errorCode: 'GW_ERR_UPSTREAM_ERROR' }),
        row({ model: 'retired', deployment: 'sim/old', provider: 'sim', at: now - 20 * 60_000, costNusd: 1_000 }),
        // Older than the hour: not in a 1h window.
        row({ model: 'pair', deployment: 'sim/cheap-out', provider: 'sim', at: now - 2 * 3_600_000, costNusd: 1_000 }),
      ],
      { log: true },
    );
    const costly = await admin(gateway, 'POST', '/admin/what-if', { window: '1h', model: 'pair', strategy: 'cost' });
    assert.equal(costly.status, 200, JSON.stringify(costly.body));
    const result = WhatIfJson.parse(costly.body);
    assert.equal(result.rows_read, 4, 'the four pair rows of the last hour');
    assert.equal(result.sampled, false);
    assert.deepEqual(result.excluded, { failed: 1, unknown_group: 0, no_candidate: 0 });
    assert.equal(result.overall.requests, 3);
    assert.equal(result.overall.estimated.cost_usd, 0.0064, '$0.002 + $0.0024 + $0.002');
    assert.equal(result.overall.actual.cost_usd, 0.04662, 'what was logged: $0.0042 + $0.0024 + $0.04002');
    const shares = Object.fromEntries(result.overall.deployments.map((entry) => [entry.deployment, [entry.actual_requests, entry.estimated_requests, entry.estimated_cost_usd]]));
    assert.deepEqual(shares, { 'sim/cheap-in': [0, 2, 0.004], 'sim/cheap-out': [3, 1, 0.0024] });
    assert.deepEqual(result.groups.map((group) => [group.group, group.requests]), [['pair', 3]]);
    // The request that stays keeps its logged 1500 ms; cheap-in has no latency figures at all.
    assert.deepEqual(result.overall.estimated.latency, { mean_ms: 1_500, p50_ms: 1_500, p95_ms: 1_500 });
    assert.equal(result.overall.estimated.requests_without_latency, 2);
    assert.deepEqual(result.latency.find((entry) => entry.deployment === 'sim/cheap-in'), { deployment: 'sim/cheap-in', source: 'none', base_ms: null, ms_per_output_token: null, samples: 0 });
    assert.ok(result.caveats.some((caveat) => caveat.startsWith('sim/cheap-in has no latency figures')), result.caveats.join('\n'));
    assert.ok(result.caveats.some((caveat) => caveat.startsWith('Failed requests') && caveat.includes('1 request')));

    const everything = WhatIfJson.parse((await admin(gateway, 'POST', '/admin/what-if', { window: { from: new Date(now - 3_600_000).toISOString(), to: now + 1 }, strategy: 'cost' })).body);
    assert.equal(everything.model, null);
    assert.deepEqual(everything.excluded, { failed: 1, unknown_group: 1, no_candidate: 0 });
    assert.ok(everything.caveats.some((caveat) => caveat.includes('"retired"')));

    const sampled = WhatIfJson.parse((await admin(gateway, 'POST', '/admin/what-if', { window: '1h', model: 'pair', strategy: 'cost', max_rows: 2 })).body);
    assert.deepEqual([sampled.sampled, sampled.rows_read, sampled.sampled_from], [true, 2, new Date(now - 30 * 60_000).toISOString()], 'the newest two: the failure and the 30-minute-old row');
    assert.equal(sampled.overall.requests, 1);
    assert.ok(sampled.caveats[0]?.includes('only the newest 2 were read'));

    // 400 requests in `split`, weights 3 : 1.
    const rows = Array.from({ length: 400 }, (_, index) => row({ model: 'split', deployment: 'sim/light', provider: 'sim', at: now - 3_000_000 + index * 1_000, costNusd: 200 }));
    await store.writeRequests(rows, { log: true });
    const weighted = WhatIfJson.parse((await admin(gateway, 'POST', '/admin/what-if', { window: '1h', model: 'split', strategy: { type: 'weighted' }, seed: 7 })).body);
    const heavy = weighted.overall.deployments.find((entry) => entry.deployment === 'sim/heavy')!;
    // 300 expected; the binomial standard deviation is about 8.7.
    assert.ok(Math.abs(heavy.estimated_requests - 300) <= 35, `heavy took ${heavy.estimated_requests} of 400`);
    assert.equal(heavy.estimated_cost_usd, (heavy.estimated_requests * 200_000) / 1e9, 'each: 100 × $1 + 100 × $1 per million = 200,000 nano-dollars');
    const again = WhatIfJson.parse((await admin(gateway, 'POST', '/admin/what-if', { window: '1h', model: 'split', strategy: 'weighted', seed: 7 })).body);
    assert.deepEqual(again.overall, weighted.overall, 'the same seed gives the same answer');
    assert.ok(weighted.caveats.some((caveat) => caveat.includes('seed 7')));
  } finally {
    await gateway.close();
  }
});

test('bad input gets a 400 that says what to fix, and both routes need the master key', async () => {
  const gateway = await startRoutingGateway(simulator, {
    auth,
    models: [{ name: 'guarded', deployments: [{ provider: 'sim', model: 'backup' }] }],
    catalog: { models: [simModel('backup', { input: 1, output: 1 })] },
  });
  try {
    const refused = async (body: unknown, param: string, pattern: RegExp) => {
      const answer = await admin(gateway, 'POST', '/admin/what-if', body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.error.skyroute_code, 'GW_ERR_ADMIN_INVALID');
      assert.equal(answer.body.error.param, param);
      assert.match(answer.body.error.message, pattern);
    };
    await refused({ strategy: 'llm' }, 'strategy', /cannot replay "llm".*prompt text/);
    await refused({ strategy: { type: 'learned', router: 'router.json', strong: 'a', weak: 'b', threshold: 0.5 } }, 'strategy', /cannot replay "learned".*prompt text/);
    await refused({ strategy: 'bandit' }, 'strategy', /cannot replay "bandit"/);
    await refused({ strategy: 'fastest' }, 'strategy', /unknown strategy "fastest"; a what-if replays priority, weighted/);
    await refused({ strategy: { type: 'hybrid', weights: { cost: 0 } } }, 'strategy.weights', /at least one of cost, latency, quality/);
    await refused({}, 'strategy', /strategy: is required/);
    await refused({ strategy: 'cost', window: '2h' }, 'window', /must be one of 1h, 24h, 7d, 30d/);
    await refused({ strategy: 'cost', window: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, 'window.from', /is not before window.to/);
    await refused({ strategy: 'cost', model: 'nope' }, 'model', /serves no model named "nope"/);
    await refused({ strategy: 'cost', max_rows: 50_001 }, 'max_rows', /between 1 and 50000/);
    await refused({ strategy: 'cost', windows: '1h' }, 'windows', /unknown field "windows"/);

    for (const [method, path] of [['GET', '/admin/deployments'], ['POST', '/admin/what-if']] as const) {
      const anonymous = await admin(gateway, method, path, method === 'POST' ? { strategy: 'cost' } : undefined, null);
      assert.equal(anonymous.status, 401, `${method} ${path}`);
      const client = await admin(gateway, method, path, method === 'POST' ? { strategy: 'cost' } : undefined, CLIENT_KEY);
      assert.equal(client.status, 401, `${method} ${path} with a client key`);
    }
  } finally {
    await gateway.close();
  }
});

test('/openapi.json describes both routes from the schemas they validate with', async () => {
  const gateway = await startRoutingGateway(simulator, { auth });
  try {
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as any;
    const list = document.paths['/admin/deployments']?.get;
    assert.equal(list?.operationId, 'listDeployments');
    assert.deepEqual(list?.tags, ['routing']);
    const listSchema = document.components.schemas[list.responses['200'].content['application/json'].schema.$ref.split('/').pop()];
    assert.deepEqual(Object.keys(listSchema.properties), ['at', 'error_window_ms', 'limits_error', 'groups', 'providers']);

    const whatIf = document.paths['/admin/what-if']?.post;
    assert.equal(whatIf?.operationId, 'estimateWhatIf');
    assert.equal(whatIf.requestBody.required, true, 'strategy is required');
    const body = document.components.schemas[whatIf.requestBody.content['application/json'].schema.$ref.split('/').pop()];
    assert.deepEqual(Object.keys(body.properties), ['window', 'model', 'strategy', 'seed', 'max_rows']);
    assert.deepEqual(body.required, ['strategy']);
    const types = body.properties.strategy.oneOf.map((option: { properties: { type: { const: string } } }) => option.properties.type.const);
    assert.ok(['priority', 'weighted', 'round-robin', 'least-busy', 'latency', 'cost', 'quality', 'hybrid'].every((type) => types.includes(type)), types.join(', '));
    assert.ok(document.tags.some((tag: { name: string }) => tag.name === 'routing'));
  } finally {
    await gateway.close();
  }
});
