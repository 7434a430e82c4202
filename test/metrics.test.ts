import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { startSimulator } from '../src/simulator/start-simulator.js';
import { parsePrometheusText, type PrometheusExposition } from './support/parse-prometheus-text.js';
import { spawnGateway } from './support/spawn-gateway.js';
import { startRoutingGateway } from './support/start-routing-gateway.js';
import { startTestGateway } from './support/start-test-gateway.js';

/**
 * GET /metrics against a real gateway in front of the simulator: every value checked is one the test
 * can work out from what it sent and what the gateway answered (status, error code, attempts, usage,
 * cost headers), parsed from the exposition text, not grepped.
 */
const MASTER = 'metrics-master-key-0123456789';
const quick = { timeToFirstTokenMs: 2, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 6 };

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function post(url: string, path: string, key: string, body: Record<string, unknown>, extra: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

function chatBody(model: string): Record<string, unknown> {
  return { model, max_tokens: 6, messages: [{ role: 'user', content: 'Say something.' }] };
}

async function scrape(url: string, key: string | undefined = MASTER): Promise<PrometheusExposition> {
  const response = await fetch(`${url}/metrics`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(text);
}

function total(exposition: PrometheusExposition, name: string, labels: Record<string, string> = {}): number {
  return exposition.find(name, labels).reduce((sum, sample) => sum + sample.value, 0);
}

/** Scrapes until `ready` holds (rows are counted as each request ends, a moment after its answer reached the client). */
async function scrapeUntil(url: string, ready: (exposition: PrometheusExposition) => boolean): Promise<PrometheusExposition> {
  let exposition = await scrape(url);
  for (let tries = 0; tries < 100 && !ready(exposition); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    exposition = await scrape(url);
  }
  return exposition;
}

async function admin(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  assert.ok(response.ok, `${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

test('requests, errors, tokens, cost, latency, retries, fallbacks, refusals and in-flight, with bounded labels, behind the master key', async () => {
  const gateway = await startTestGateway({
    tree: {
      auth: { master_key: MASTER },
      // Rows wait in the writer's queue for the whole test: the queue-depth gauge must count every one.
      request_log: { batch_size: 100_000, flush_interval_ms: 600_000 },
      metrics: { max_key_labels: 2 },
      routing: { retry: { backoff_base_ms: 1, backoff_max_ms: 2 }, circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } },
      models: [
        { name: 'chat', deployments: [{ provider: 'sim', model: 'fast' }] },
        { name: 'doomed', deployments: [{ provider: 'sim', model: 'broken' }] },
        { name: 'guarded', retry: { max_attempts: 2 }, deployments: [{ provider: 'sim', model: 'broken' }], fallbacks: ['chat'] },
      ],
    },
    profiles: { fast: quick, broken: { ...quick, errorRate: 1 }, slow: { ...quick, timeToFirstTokenMs: 60_000 } },
  });
  const { url } = gateway;
  try {
    // Access: the master key, and nothing else, once one is configured; /v1/metrics is not a route.
    const anonymous = await fetch(`${url}/metrics`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error: { skyroute_code: string } }).error.skyroute_code, 'GW_ERR_ADMIN_UNAUTHORIZED');
    const k1 = (await admin(url, '/admin/keys', { name: 'k1' })) as { key: string; id: string };
    const withVirtualKey = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${k1.key}` } });
    assert.equal(withVirtualKey.status, 401);
    assert.match(((await withVirtualKey.json()) as { error: { message: string } }).error.message, /is not the master key, which GET \/metrics needs/);
    assert.equal((await fetch(`${url}/v1/metrics`, { headers: { authorization: `Bearer ${MASTER}` } })).status, 404);
    const before = await scrape(url);
    assert.equal(total(before, 'skyroute_requests_total'), 0);

    const k2 = (await admin(url, '/admin/keys', { name: 'k2', rpm: 1 })) as { key: string; id: string };
    const team = (await admin(url, '/admin/teams', { name: 'tm', budgets: [{ period: 'total', limit_usd: 1e-9 }] })) as { id: string };
    const k3 = (await admin(url, '/admin/keys', { name: 'k3', team_id: team.id })) as { key: string; id: string };
    const k4 = (await admin(url, '/admin/keys', { name: 'k4' })) as { key: string; id: string };

    // k1 takes the first key label, k2 the second (max_key_labels: 2); k3 and k4 are "other".
    const plain = [await post(url, '/v1/chat/completions', k1.key, chatBody('chat')), await post(url, '/v1/chat/completions', k1.key, chatBody('chat'))];
    for (const answer of plain) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const streamed = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k1.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...chatBody('chat'), stream: true, stream_options: { include_usage: true } }),
    });
    assert.equal(streamed.status, 200);
    const events = (await streamed.text()).split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6)) as { usage?: { prompt_tokens: number; completion_tokens: number } | null });
    const streamUsage = events.find((event) => event.usage != null)?.usage;
    assert.ok(streamUsage !== undefined && streamUsage !== null, 'the stream reports its usage');
    const embedded = await post(url, '/v1/embeddings', k1.key, { model: 'sim/embed', input: 'four words of text' });
    assert.equal(embedded.status, 200, JSON.stringify(embedded.body));
    const doomed = await post(url, '/v1/chat/completions', k1.key, chatBody('doomed'));
    assert.ok(doomed.status >= 500, JSON.stringify(doomed.body));
    const guarded = await post(url, '/v1/chat/completions', k1.key, chatBody('guarded'));
    assert.equal(guarded.status, 200, JSON.stringify(guarded.body));
    assert.equal(guarded.headers.get('x-skyroute-model'), 'fast', 'served by the fallback group');
    const unknown = await post(url, '/v1/chat/completions', k1.key, chatBody('no-such-model-anywhere'));
    assert.equal(unknown.status, 404);
    const k2Served = await post(url, '/v1/chat/completions', k2.key, chatBody('chat'));
    assert.equal(k2Served.status, 200);
    const k2Refused = await post(url, '/v1/chat/completions', k2.key, chatBody('chat'));
    assert.equal(k2Refused.status, 429);
    const k3Refused = await post(url, '/v1/chat/completions', k3.key, chatBody('chat'));
    assert.equal(k3Refused.status, 402, JSON.stringify(k3Refused.body));
    const k4Served = await post(url, '/v1/chat/completions', k4.key, chatBody('chat'));
    assert.equal(k4Served.status, 200);

    const rows = 11;
    const metrics = await scrapeUntil(url, (exposition) => total(exposition, 'skyroute_requests_total') === rows);
    const fast = { endpoint: 'chat', model: 'chat', deployment: 'sim/fast', provider: 'sim' };
    const unserved = { endpoint: 'chat', model: 'chat', deployment: 'none', provider: 'none' };
    const requests = (labels: Record<string, string>, key: string, teamLabel = 'none'): number | undefined => metrics.value('skyroute_requests_total', { ...labels, key, team: teamLabel });
    assert.equal(total(metrics, 'skyroute_requests_total'), rows);
    assert.equal(requests(fast, k1.id), 3);
    assert.equal(requests({ endpoint: 'embeddings', model: 'sim/embed', deployment: 'sim/embed', provider: 'sim' }, k1.id), 1);
    assert.equal(requests({ endpoint: 'chat', model: 'doomed', deployment: 'none', provider: 'none' }, k1.id), 1);
    assert.equal(requests({ ...fast, model: 'guarded' }, k1.id), 1);
    assert.equal(requests({ endpoint: 'chat', model: 'other', deployment: 'none', provider: 'none' }, k1.id), 1, 'a model name no config knows is "other"');
    assert.equal(requests(fast, k2.id), 1);
    assert.equal(requests(unserved, k2.id), 1);
    assert.equal(requests(unserved, 'other', team.id), 1, 'k3, past max_key_labels, in its team');
    assert.equal(requests(fast, 'other'), 1, 'k4, past max_key_labels');
    assert.deepEqual(new Set(metrics.find('skyroute_requests_total').map((sample) => sample.labels['key'])), new Set([k1.id, k2.id, 'other']));
    assert.ok(!metrics.samples.some((sample) => sample.labels['model'] === 'no-such-model-anywhere'));

    // Errors by code and status, as the client got them.
    assert.equal(metrics.value('skyroute_request_errors_total', { ...unserved, code: 'GW_ERR_KEY_RATE_LIMITED', status: '429' }), 1);
    assert.equal(metrics.value('skyroute_request_errors_total', { ...unserved, code: 'GW_ERR_BUDGET_EXCEEDED', status: '402' }), 1);
    assert.equal(metrics.value('skyroute_request_errors_total', { endpoint: 'chat', model: 'other', deployment: 'none', provider: 'none', code: 'GW_ERR_MODEL_NOT_FOUND', status: '404' }), 1);
    const doomedCode = doomed.headers.get('x-skyroute-error-code')!;
    assert.equal(metrics.value('skyroute_request_errors_total', { endpoint: 'chat', model: 'doomed', deployment: 'none', provider: 'none', code: doomedCode, status: String(doomed.status) }), 1);
    assert.equal(total(metrics, 'skyroute_request_errors_total'), 4);

    // Refusals, by the limit that refused.
    assert.equal(metrics.value('skyroute_rate_limit_refusals_total', { scope: 'key', limit: 'rpm', key: k2.id, team: 'none' }), 1);
    assert.equal(metrics.value('skyroute_budget_refusals_total', { scope: 'team', period: 'total', key: 'other', team: team.id }), 1);
    assert.equal(total(metrics, 'skyroute_rate_limit_refusals_total') + total(metrics, 'skyroute_budget_refusals_total'), 2);

    // Retries and failed attempts from the attempts header; the fallback from the route trace.
    const doomedAttempts = Number(doomed.headers.get('x-skyroute-attempts'));
    const guardedAttempts = Number(guarded.headers.get('x-skyroute-attempts'));
    assert.ok(doomedAttempts >= 2 && guardedAttempts >= 2, `${doomedAttempts} and ${guardedAttempts} attempts`);
    assert.equal(total(metrics, 'skyroute_retries_total', { model: 'doomed', deployment: 'sim/broken' }), doomedAttempts - 1);
    assert.equal(total(metrics, 'skyroute_retries_total', { model: 'guarded' }), guardedAttempts - 1);
    assert.equal(metrics.value('skyroute_retries_total', { model: 'guarded', deployment: 'sim/fast', provider: 'sim' }), 1);
    assert.equal(total(metrics, 'skyroute_retries_total'), doomedAttempts - 1 + guardedAttempts - 1);
    assert.equal(metrics.value('skyroute_attempt_failures_total', { model: 'doomed', deployment: 'sim/broken', provider: 'sim', code: 'GW_ERR_UPSTREAM_SERVER', status: '502' }), doomedAttempts);
    assert.equal(metrics.value('skyroute_attempt_failures_total', { model: 'guarded', deployment: 'sim/broken', provider: 'sim', code: 'GW_ERR_UPSTREAM_SERVER', status: '502' }), guardedAttempts - 1);
    assert.equal(metrics.value('skyroute_fallbacks_total', { model: 'guarded', fallback: 'chat' }), 1);
    assert.equal(total(metrics, 'skyroute_fallbacks_total'), 1);

    // Tokens and cost, as the answers reported them.
    const usageOf = (answer: Answer): { prompt_tokens: number; completion_tokens: number } => answer.body['usage'] as { prompt_tokens: number; completion_tokens: number };
    const k1Input = usageOf(plain[0]!).prompt_tokens + usageOf(plain[1]!).prompt_tokens + streamUsage.prompt_tokens;
    const k1Output = usageOf(plain[0]!).completion_tokens + usageOf(plain[1]!).completion_tokens + streamUsage.completion_tokens;
    assert.ok(k1Output > 0);
    assert.equal(metrics.value('skyroute_tokens_total', { ...fast, key: k1.id, team: 'none', kind: 'input' }), k1Input);
    assert.equal(metrics.value('skyroute_tokens_total', { ...fast, key: k1.id, team: 'none', kind: 'output' }), k1Output);
    assert.equal(metrics.value('skyroute_tokens_total', { ...fast, key: k1.id, team: 'none', kind: 'reasoning' }), undefined, 'a kind appears once it counted a token');
    assert.equal(metrics.value('skyroute_tokens_total', { endpoint: 'embeddings', model: 'sim/embed', deployment: 'sim/embed', provider: 'sim', key: k1.id, team: 'none', kind: 'input' }), usageOf(embedded).prompt_tokens);
    const k2Cost = Number(k2Served.headers.get('x-skyroute-cost-usd'));
    assert.ok(k2Cost > 0);
    assert.equal(Math.round(metrics.value('skyroute_cost_usd_total', { ...fast, key: k2.id, team: 'none' })! * 1e9), Math.round(k2Cost * 1e9));
    assert.equal(metrics.value('skyroute_cost_usd_total', { ...unserved, key: k2.id, team: 'none' }), 0, 'a refused request costs nothing');

    // Histograms: every request on the route is in the latency one, the stream alone in time to first token.
    assert.equal(metrics.types.get('skyroute_request_duration_seconds'), 'histogram');
    assert.equal(metrics.value('skyroute_request_duration_seconds_count', fast), 5);
    assert.equal(metrics.value('skyroute_request_duration_seconds_bucket', { ...fast, le: '+Inf' }), 5);
    assert.equal(metrics.value('skyroute_time_to_first_token_seconds_count', fast), 1);
    assert.equal(metrics.value('skyroute_time_to_first_token_seconds_bucket', { ...fast, le: '+Inf' }), 1);
    assert.equal(metrics.value('skyroute_time_to_first_token_seconds_count', { ...fast, model: 'guarded' }), undefined, 'no stream there');
    assert.equal(metrics.value('skyroute_request_duration_seconds_count', unserved), 2);

    // Gauges read at scrape time: queued log rows, circuits (closed: this gateway has no circuit breaker), in flight.
    assert.equal(metrics.value('skyroute_request_log_queue_depth'), rows);
    assert.equal(metrics.value('skyroute_deployment_circuit_state', { deployment: 'sim/fast', provider: 'sim' }), 0);
    assert.equal(metrics.value('skyroute_deployment_circuit_state', { deployment: 'sim/broken', provider: 'sim' }), 0);
    assert.equal(metrics.value('skyroute_requests_in_flight', { endpoint: 'chat' }), 0);
    assert.ok(metrics.find('process_resident_memory_bytes').length === 1, 'prom-client\'s default metrics');

    // A stream that waits a minute for its first token is in flight until the client hangs up (close, not finish).
    const hangUp = new AbortController();
    const waiting = fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...chatBody('sim/slow'), stream: true }),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    const inFlight = await scrapeUntil(url, (exposition) => exposition.value('skyroute_requests_in_flight', { endpoint: 'chat' }) === 1);
    assert.equal(inFlight.value('skyroute_requests_in_flight', { endpoint: 'chat' }), 1);
    hangUp.abort();
    await waiting;
    const afterwards = await scrapeUntil(url, (exposition) => exposition.value('skyroute_requests_in_flight', { endpoint: 'chat' }) === 0 && total(exposition, 'skyroute_requests_total') === rows + 1);
    assert.equal(afterwards.value('skyroute_requests_in_flight', { endpoint: 'chat' }), 0);
    const hungUp = { endpoint: 'chat', model: 'other', deployment: 'none', provider: 'none' };
    assert.equal(afterwards.value('skyroute_requests_total', { ...hungUp, key: 'none', team: 'none' }), 1, 'sim/slow is no configured name, the master key no virtual key, and nothing served it');
    const leftEarly = afterwards.find('skyroute_request_errors_total', { ...hungUp, status: '499' });
    assert.deepEqual(leftEarly.map((sample) => sample.value), [1], 'a client that left is a 499, as in the request log');
  } finally {
    await gateway.close();
  }
});

test('the circuit-state gauge shows a deployment\'s circuit open after it failed; metrics.public opens /metrics without the master key', async () => {
  const simulator = await startSimulator({ seed: 3, profiles: { flappy: quick, backup: quick } });
  const gateway = await startRoutingGateway(simulator, {
    auth: { master_key: MASTER },
    metrics: { public: true },
    models: [{ name: 'guarded', deployments: [{ provider: 'sim', model: 'flappy' }, { provider: 'sim', model: 'backup' }] }],
    routing: { circuit_breaker: { consecutive_failures: 3, cooldown_ms: 60_000 }, retry: { backoff_base_ms: 1, backoff_max_ms: 10 } },
  });
  const master = { authorization: `Bearer ${MASTER}` };
  try {
    const closed = await scrape(gateway.url, undefined);
    assert.equal(closed.value('skyroute_deployment_circuit_state', { deployment: 'sim/flappy', provider: 'sim' }), 0);
    simulator.setProfile('flappy', { outages: [{ mode: 'error' }] });
    for (let index = 0; index < 3; index++) assert.equal((await gateway.chat({ model: 'guarded' }, master)).headers.get('x-skyroute-model'), 'backup');
    const open = await scrape(gateway.url, undefined);
    assert.equal(open.value('skyroute_deployment_circuit_state', { deployment: 'sim/flappy', provider: 'sim' }), 2);
    assert.equal(open.value('skyroute_deployment_circuit_state', { deployment: 'sim/backup', provider: 'sim' }), 0);
    assert.equal(open.value('skyroute_attempt_failures_total', { model: 'guarded', deployment: 'sim/flappy', provider: 'sim', code: 'GW_ERR_UPSTREAM_OVERLOADED', status: '503' }), 3);
  } finally {
    await gateway.close();
    await simulator.close();
  }
});

test('metrics.enabled: false serves no /metrics (404) and the gateway works as before', async () => {
  const gateway = await startTestGateway({ tree: { metrics: { enabled: false } }, profiles: { fast: quick } });
  try {
    assert.equal(gateway.app.metrics, undefined);
    const response = await fetch(`${gateway.url}/metrics`);
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /metrics\.enabled: false/);
    assert.equal((await post(gateway.url, '/v1/chat/completions', 'unused', chatBody('sim/fast'))).status, 200);
  } finally {
    await gateway.close();
  }
});

/** GET on a connection of its own, so that node:cluster hands each scrape to the next worker. */
function scrapeOnNewConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${url}/metrics`, { agent: false, headers: { authorization: `Bearer ${MASTER}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`${response.statusCode}: ${text}`))));
    }).on('error', reject);
  });
}

test('--workers 2: whichever worker gets the scrape answers for both', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-metrics-workers-'));
  const simulator = await startSimulator({ seed: 4 });
  const prefix = `test:metrics-workers:${randomBytes(4).toString('hex')}:`;
  try {
    const tree = {
      server: { host: '127.0.0.1', data_dir: directory },
      auth: { master_key: MASTER },
      providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } },
      state: { backend: 'redis', key_prefix: prefix },
    };
    const gateway = await spawnGateway(directory, 'metrics', tree, ['--workers', '2']);
    try {
      // Concurrent requests open several connections, which node:cluster deals to the workers in turn.
      const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await post(gateway.url, '/v1/chat/completions', MASTER, chatBody('sim/fast'))).status));
      assert.deepEqual([...new Set(statuses)], [200]);
      let counted: number[] = [];
      for (let tries = 0; tries < 50; tries++) {
        counted = [];
        for (let scrapeIndex = 0; scrapeIndex < 4; scrapeIndex++) counted.push(total(parsePrometheusText(await scrapeOnNewConnection(gateway.url)), 'skyroute_requests_total'));
        if (counted.every((count) => count === 20)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(counted, [20, 20, 20, 20], gateway.output());
      assert.equal(await gateway.stop('SIGTERM'), 0, gateway.output());
    } finally {
      await gateway.stop('SIGKILL');
    }
  } finally {
    await simulator.close();
    rmSync(directory, { recursive: true, force: true });
    const redis = new Redis();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});
