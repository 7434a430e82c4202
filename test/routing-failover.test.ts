import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * Failover as a client sees it: three deployments where one is down and one answers 429 to 10% of
 * requests, behind one group; and the same down deployment alone.
 */
let simulator: RunningSimulator;
/** A second upstream that wants a key the gateway does not have: rejected credentials. */
let locked: RunningSimulator;
let gateway: RoutingGateway;

const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };

before(async () => {
  simulator = await startSimulator({
    seed: 11,
    profiles: {
      down: { ...quick, outages: [{ mode: 'error' }] },
      limited: { ...quick, rateLimitRate: 0.1, retryAfterSeconds: 1 },
      healthy: { ...quick },
      glacial: { ...quick, timeToFirstTokenMs: 3_000 },
      narrow: { ...quick, contextWindow: 500 },
      capped: { ...quick, maxOutputTokens: 10 },
      metered: { ...quick },
      spare: { ...quick },
      'early-break': { ...quick, tokensPerSecond: 1000, midStreamFailureRate: 1, midStreamFailureAfterChunks: 0 },
      'late-break': { ...quick, tokensPerSecond: 1000, outputTokens: 12, midStreamFailureRate: 1, midStreamFailureAfterChunks: 3 },
    },
  });
  locked = await startSimulator({ seed: 11, apiKey: 'the-right-key', profiles: { healthy: { ...quick } } });
  gateway = await startRoutingGateway(simulator, {
    providers: { locked: { type: 'openai-compatible', base_url: locked.baseUrls.openai, api_key: 'a-wrong-key' } },
    models: [
      { name: 'roomy', deployments: [{ provider: 'sim', model: 'narrow' }, { provider: 'sim', model: 'healthy' }] },
      { name: 'strict', deployments: [{ provider: 'sim', model: 'capped' }, { provider: 'sim', model: 'healthy' }] },
      { name: 'keys', deployments: [{ provider: 'locked', model: 'healthy' }, { provider: 'sim', model: 'healthy' }] },
      {
        name: 'chat',
        strategy: 'round-robin',
        deployments: [
          { provider: 'sim', model: 'down' },
          { provider: 'sim', model: 'limited' },
          { provider: 'sim', model: 'healthy' },
        ],
      },
      { name: 'solo', deployments: [{ provider: 'sim', model: 'down' }] },
      { name: 'streams', deployments: [{ provider: 'sim', model: 'early-break' }, { provider: 'sim', model: 'healthy' }] },
      { name: 'breaks-late', deployments: [{ provider: 'sim', model: 'late-break' }] },
      { name: 'metered', deployments: [{ provider: 'sim', model: 'metered', rpm: 2 }, { provider: 'sim', model: 'spare' }] },
      { name: 'metered-alone', deployments: [{ provider: 'sim', model: 'metered', rpm: 2 }] },
      { name: 'hedged', hedge: { after_ms: 100 }, deployments: [{ provider: 'sim', model: 'glacial' }, { provider: 'sim', model: 'healthy' }] },
    ],
    routing: { retry: { backoff_base_ms: 5, backoff_max_ms: 50 } },
  });
});

after(async () => {
  await gateway.close();
  await simulator.close();
  await locked.close();
});

test('1,000 requests through a group with one deployment down and one 10% rate-limited: no client sees a failure', async () => {
  const served = new Map<string, number>();
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < 1000) {
      const index = next++;
      const stream = index % 4 === 0;
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'chat', stream, messages: [{ role: 'user', content: `request ${index}` }] }),
      });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"error"')) failures.push(`${response.status} ${text.slice(0, 200)}`);
      const model = response.headers.get('x-skyroute-model') ?? '?';
      served.set(model, (served.get(model) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  assert.deepEqual(failures, []);
  assert.equal(served.get('down'), undefined, 'the down deployment never served');
  // Each 429 cools the deployment down for its retry-after (1 s), so it serves between them, not half.
  assert.ok((served.get('limited') ?? 0) > 0, `the rate-limited deployment still served: ${JSON.stringify([...served])}`);
  const stats = simulator.stats();
  assert.ok(stats.rateLimited > 0, 'some requests met a 429 and were absorbed by failover');
  assert.ok(stats.outages > 0, 'some requests met the outage and were absorbed by failover');
  assert.ok(stats.outages < 50, `the circuit kept traffic off the down deployment after a few failures (${stats.outages} requests reached it)`);
});

test('the same outage behind a single-deployment group fails cleanly, naming the provider', async () => {
  const first = await gateway.chat({ model: 'solo' });
  assert.ok(first.status === 503 || first.status === 502, `status ${first.status}`);
  assert.equal(first.headers.get('x-skyroute-provider'), 'sim');
  assert.match(first.body.error?.message ?? '', /sim/);
  assert.equal(first.body.error?.provider, 'sim');
  assert.ok(first.headers.get('x-skyroute-route-reason'));
  // The circuit is open by now: later requests fail at once with a retry-after instead of waiting on the provider.
  const later = await gateway.chat({ model: 'solo' });
  assert.equal(later.status, 503);
  assert.equal(later.body.error?.skyroute_code, 'GW_ERR_ROUTE_UNAVAILABLE');
  assert.match(later.body.error?.message ?? '', /sim\/down: circuit open/);
  assert.ok(Number(later.headers.get('retry-after')) >= 1);
  assert.equal(later.headers.get('x-skyroute-attempts'), '0');
});

test('a stream that fails before its first token fails over without the openai SDK noticing', async () => {
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const { data: stream, response } = await client.chat.completions.create({ model: 'streams', stream: true, messages: [{ role: 'user', content: 'Tell me a story.' }] }).withResponse();
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  assert.ok(text.length > 0);
  assert.equal(response.headers.get('x-skyroute-model'), 'healthy');
  assert.equal(response.headers.get('x-skyroute-attempts'), '2');
  assert.match(response.headers.get('x-skyroute-route-reason') ?? '', /after 1 failed attempt \(sim\/early-break/);
});

test('a stream that fails after its first token ends in an error event the openai SDK raises', async () => {
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const stream = await client.chat.completions.create({ model: 'breaks-late', stream: true, messages: [{ role: 'user', content: 'Tell me a story.' }] });
  let text = '';
  await assert.rejects(async () => {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  }, /sim/);
  assert.ok(text.length > 0, 'the text before the failure arrived');
});

test('hedging: a slow first attempt gets a second one after hedge.after_ms; the first answer wins and the other is cancelled', async () => {
  const disconnectsBefore = simulator.stats().clientDisconnects;
  for (const stream of [false, true]) {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-skyroute-debug': '1' },
      body: JSON.stringify({ model: 'hedged', stream, messages: [{ role: 'user', content: 'hello' }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-skyroute-model'), 'healthy');
    assert.equal(response.headers.get('x-skyroute-attempts'), '2');
    const text = await response.text();
    if (!stream) {
      const attempts = (JSON.parse(text) as { skyroute: { trace: { attempts: Array<{ deployment: string; outcome: string; hedge?: boolean }> } } }).skyroute.trace.attempts;
      assert.deepEqual(
        attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.hedge ?? false]),
        [
          ['sim/glacial', 'cancelled', false],
          ['sim/healthy', 'ok', true],
        ],
      );
    } else {
      assert.match(text, /data: \[DONE\]/);
    }
  }
  // The losing attempts' upstream requests were aborted, not left to run for 3 s.
  for (let tries = 0; tries < 50 && simulator.stats().clientDisconnects - disconnectsBefore < 2; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(simulator.stats().clientDisconnects - disconnectsBefore, 2);
});

test('rpm: a deployment at its requests-per-minute limit is skipped while another can serve, and a 429 with retry-after when none can', async () => {
  const served: string[] = [];
  for (let index = 0; index < 4; index++) served.push((await gateway.chat({ model: 'metered' })).headers.get('x-skyroute-model') ?? '?');
  assert.deepEqual(served, ['metered', 'metered', 'spare', 'spare']);
  const alone = await gateway.chat({ model: 'metered-alone' });
  assert.equal(alone.status, 429);
  assert.equal(alone.body.error?.skyroute_code, 'GW_ERR_ROUTE_RATE_LIMITED');
  assert.match(alone.body.error?.message ?? '', /sim\/metered: at its rpm limit \(2 requests a minute\)/);
  const retryAfter = Number(alone.headers.get('retry-after'));
  // A sliding minute: room comes back within two fixed windows at most.
  assert.ok(retryAfter >= 1 && retryAfter <= 120, `retry-after ${retryAfter}`);
});

test('a context-length error moves to a deployment with a larger window; a 400 about the request stops at once', async () => {
  // The catalog does not know `narrow`, so no filter knew its window: the provider's own 400 says it.
  const long = await gateway.chat({ model: 'roomy', messages: [{ role: 'user', content: 'word '.repeat(800) }] }, { 'x-skyroute-debug': '1' });
  assert.equal(long.status, 200);
  assert.deepEqual(
    long.body.skyroute?.trace.attempts.map((attempt) => [attempt.deployment, attempt.outcome, attempt.error?.code]),
    [
      ['sim/narrow', 'error', 'GW_ERR_UPSTREAM_CONTEXT_LENGTH'],
      ['sim/healthy', 'ok', undefined],
    ],
  );
  const refused = await gateway.chat({ model: 'strict', max_tokens: 100 });
  assert.equal(refused.status, 400);
  assert.equal(refused.headers.get('x-skyroute-attempts'), '1', 'no other deployment is tried for a request the provider called bad');
  assert.equal(refused.body.error?.skyroute_code, 'GW_ERR_UPSTREAM_BAD_REQUEST');
});

test('rejected credentials move to a deployment with other credentials, and that provider is skipped for a while', async () => {
  const first = await gateway.chat({ model: 'keys' }, { 'x-skyroute-debug': '1' });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('x-skyroute-provider'), 'sim');
  assert.equal(first.body.skyroute?.trace.attempts[0]?.error?.code, 'GW_ERR_UPSTREAM_AUTH');
  const second = await gateway.chat({ model: 'keys' }, { 'x-skyroute-debug': '1' });
  assert.equal(second.headers.get('x-skyroute-attempts'), '1');
  assert.match(second.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /locked\/healthy: cooling down for .* \(401 GW_ERR_UPSTREAM_AUTH\)/);
});
