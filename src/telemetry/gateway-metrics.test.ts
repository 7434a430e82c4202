import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { logRow } from '../governance/request-log-test-support.js';
import { RouteTrace } from '../routing/explain.js';
import { parsePrometheusText } from '../../test/support/parse-prometheus-text.js';
import { GatewayMetrics, type CircuitName } from './gateway-metrics.js';
import { metricLabelBounds } from './metric-label-bounds.js';

const groups = [
  { name: 'fast', configured: true, deployments: [{ id: 'sim/a', providerId: 'sim' }, { id: 'sim/b', providerId: 'sim' }] },
  { name: 'smart', configured: true, deployments: [{ id: 'sim/c', providerId: 'sim' }] },
  { name: 'sim/catalog-model', configured: false, deployments: [{ id: 'sim/catalog-model', providerId: 'sim' }] },
];

function metricsWith(options: { maxKeyLabels?: number; circuits?: Record<string, CircuitName>; queued?: number } = {}): GatewayMetrics {
  const metrics = new GatewayMetrics({
    limits: { maxKeyLabels: options.maxKeyLabels ?? 10, maxTeamLabels: 10 },
    circuitOf: (deployment) => options.circuits?.[deployment] ?? 'closed',
    queueDepth: () => options.queued ?? 0,
  });
  metrics.setLabelBounds(metricLabelBounds(groups, ['sim', 'other-provider']));
  return metrics;
}

async function scrape(metrics: GatewayMetrics): Promise<ReturnType<typeof parsePrometheusText>> {
  const { contentType, text } = await metrics.scrape();
  assert.equal(contentType, 'text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(text);
}

const route = { endpoint: 'chat', model: 'fast', deployment: 'sim/a', provider: 'sim' };

test('requests, tokens and cost per route, key and team; latency and time-to-first-token histograms', async () => {
  const metrics = metricsWith();
  metrics.recordRequest(logRow(1, { model: 'fast', deployment: 'sim/a', provider: 'sim', keyId: 'k1', teamId: 't1', inputTokens: 10, outputTokens: 20, cachedInputTokens: 4, cacheWriteInputTokens: 2, reasoningTokens: 7, costNusd: 1_500, latencyMs: 30 }));
  metrics.recordRequest(logRow(2, { model: 'fast', deployment: 'sim/a', provider: 'sim', keyId: 'k1', teamId: 't1', inputTokens: 5, outputTokens: 1, costNusd: 500, latencyMs: 700, stream: true, ttftMs: 120 }));
  metrics.recordRequest(logRow(3, { model: 'fast', deployment: 'sim/a', provider: 'sim', keyId: undefined, latencyMs: 2 }));
  const exposition = await scrape(metrics);
  const keyed = { ...route, key: 'k1', team: 't1' };
  assert.equal(exposition.types.get('skyroute_requests_total'), 'counter');
  assert.equal(exposition.value('skyroute_requests_total', keyed), 2);
  assert.equal(exposition.value('skyroute_requests_total', { ...route, key: 'none', team: 'none' }), 1);
  assert.equal(exposition.value('skyroute_tokens_total', { ...keyed, kind: 'input' }), 15);
  assert.equal(exposition.value('skyroute_tokens_total', { ...keyed, kind: 'output' }), 21);
  assert.equal(exposition.value('skyroute_tokens_total', { ...keyed, kind: 'cached_input' }), 4);
  assert.equal(exposition.value('skyroute_tokens_total', { ...keyed, kind: 'cache_write' }), 2);
  assert.equal(exposition.value('skyroute_tokens_total', { ...keyed, kind: 'reasoning' }), 7);
  assert.equal(exposition.value('skyroute_cost_usd_total', keyed), 2_000 / 1e9);
  const anonymous = { ...route, key: 'none', team: 'none' };
  assert.equal(exposition.value('skyroute_tokens_total', { ...anonymous, kind: 'output' }), 20);
  assert.equal(exposition.value('skyroute_tokens_total', { ...anonymous, kind: 'cached_input' }), undefined, 'a kind appears once it has counted a token');

  assert.equal(exposition.types.get('skyroute_request_duration_seconds'), 'histogram');
  assert.equal(exposition.value('skyroute_request_duration_seconds_count', route), 3);
  assert.equal(exposition.value('skyroute_request_duration_seconds_sum', route), 0.732);
  assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '0.005' }), 1, '2 ms');
  assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '0.05' }), 2, '30 ms');
  assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '0.5' }), 2);
  assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '1' }), 3, '700 ms');
  assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '+Inf' }), 3);
  // Only the stream has a time to first token.
  assert.equal(exposition.value('skyroute_time_to_first_token_seconds_count', route), 1);
  assert.equal(exposition.value('skyroute_time_to_first_token_seconds_bucket', { ...route, le: '0.1' }), 0);
  assert.equal(exposition.value('skyroute_time_to_first_token_seconds_bucket', { ...route, le: '0.25' }), 1);
  assert.equal(exposition.find('skyroute_request_errors_total').length, 0);
});

test('names the config does not know are "other"; a request no deployment served is "none"; keys past the cap are "other"', async () => {
  const metrics = metricsWith({ maxKeyLabels: 1 });
  metrics.recordRequest(logRow(1, { model: 'made-up-model', deployment: undefined, provider: undefined, keyId: 'k1', teamId: undefined, status: 404, errorCode: 'GW_ERR_MODEL_NOT_FOUND' }));
  metrics.recordRequest(logRow(2, { model: 'another-made-up-one', deployment: undefined, provider: undefined, keyId: 'k2', teamId: undefined, status: 404, errorCode: 'GW_ERR_MODEL_NOT_FOUND' }));
  metrics.recordRequest(logRow(3, { model: 'sim/anything', deployment: 'sim/anything', provider: 'sim', keyId: 'k3' }));
  metrics.recordRequest(logRow(4, { model: 'sim/catalog-model', deployment: 'sim/catalog-model', provider: 'sim', keyId: 'k1' }));
  const exposition = await scrape(metrics);
  const none = { endpoint: 'chat', model: 'other', deployment: 'none', provider: 'none' };
  assert.equal(exposition.value('skyroute_requests_total', { ...none, key: 'k1', team: 'none' }), 1);
  assert.equal(exposition.value('skyroute_requests_total', { ...none, key: 'other', team: 'none' }), 1, 'k2 came after the one slot was taken');
  assert.equal(exposition.value('skyroute_request_errors_total', { ...none, code: 'GW_ERR_MODEL_NOT_FOUND', status: '404' }), 2);
  assert.equal(exposition.value('skyroute_requests_total', { endpoint: 'chat', model: 'other', deployment: 'other', provider: 'sim', key: 'other', team: 'none' }), 1);
  assert.equal(exposition.value('skyroute_requests_total', { endpoint: 'chat', model: 'sim/catalog-model', deployment: 'sim/catalog-model', provider: 'sim', key: 'k1', team: 'none' }), 1);
  const models = new Set(exposition.find('skyroute_requests_total').map((sample) => sample.labels['model']));
  assert.deepEqual([...models].sort(), ['other', 'sim/catalog-model']);
});

test('retries, hedges, failed attempts and fallbacks come from the row\'s trace', async () => {
  const metrics = metricsWith();
  const trace = new RouteTrace('fast', () => 0);
  trace.decide('fast', 'priority', undefined, [], undefined);
  trace.attempt({ deployment: 'sim/a', group: 'fast', outcome: 'error', startedAtMs: 0, durationMs: 1, error: { code: 'GW_ERR_UPSTREAM_SERVER', status: 502, message: 'x' } });
  trace.attempt({ deployment: 'sim/b', group: 'fast', outcome: 'error', startedAtMs: 1, durationMs: 1, error: { code: 'GW_ERR_UPSTREAM_SERVER', status: 502, message: 'x' } });
  trace.decide('smart', 'priority', undefined, [], undefined);
  trace.attempt({ deployment: 'sim/c', group: 'smart', outcome: 'ok', startedAtMs: 2, durationMs: 1 });
  metrics.recordRequest(logRow(1, { model: 'fast', deployment: 'sim/c', provider: 'sim', attempts: 3, trace: trace.toJSON() }));
  const exposition = await scrape(metrics);
  assert.equal(exposition.value('skyroute_retries_total', { model: 'fast', deployment: 'sim/b', provider: 'sim' }), 1);
  assert.equal(exposition.value('skyroute_retries_total', { model: 'fast', deployment: 'sim/c', provider: 'sim' }), 1);
  assert.equal(exposition.find('skyroute_hedges_total').length, 0);
  assert.equal(exposition.value('skyroute_attempt_failures_total', { model: 'fast', deployment: 'sim/a', provider: 'sim', code: 'GW_ERR_UPSTREAM_SERVER', status: '502' }), 1);
  assert.equal(exposition.value('skyroute_attempt_failures_total', { model: 'fast', deployment: 'sim/b', provider: 'sim', code: 'GW_ERR_UPSTREAM_SERVER', status: '502' }), 1);
  assert.equal(exposition.value('skyroute_fallbacks_total', { model: 'fast', fallback: 'smart' }), 1);
  assert.equal(exposition.find('skyroute_request_errors_total').length, 0, 'the request itself succeeded');
});

test('refusals by limit and budget period; circuits, queue depth and requests in flight are read at scrape time', async () => {
  const circuits: Record<string, CircuitName> = { 'sim/b': 'open', 'sim/c': 'half-open' };
  const metrics = metricsWith({ circuits, queued: 17 });
  metrics.recordRefusal({ kind: 'rpm', scope: { kind: 'key' } }, 'k1', undefined);
  metrics.recordRefusal({ kind: 'rpm', scope: { kind: 'key' } }, 'k1', undefined);
  metrics.recordRefusal({ kind: 'parallel', scope: { kind: 'team' } }, 'k1', 't1');
  metrics.recordRefusal({ kind: 'budget', scope: { kind: 'team' }, budget: { period: 'month' } }, 'k2', 't1');
  const first = new EventEmitter();
  const second = new EventEmitter();
  metrics.trackInFlight('/chat/completions', first);
  metrics.trackInFlight('/chat/completions', second);
  metrics.trackInFlight('/messages', new EventEmitter());
  metrics.trackInFlight('/models', new EventEmitter());
  first.emit('close');
  let exposition = await scrape(metrics);
  assert.equal(exposition.value('skyroute_rate_limit_refusals_total', { scope: 'key', limit: 'rpm', key: 'k1', team: 'none' }), 2);
  assert.equal(exposition.value('skyroute_rate_limit_refusals_total', { scope: 'team', limit: 'parallel', key: 'k1', team: 't1' }), 1);
  assert.equal(exposition.value('skyroute_budget_refusals_total', { scope: 'team', period: 'month', key: 'k2', team: 't1' }), 1);
  assert.equal(exposition.value('skyroute_requests_in_flight', { endpoint: 'chat' }), 1);
  assert.equal(exposition.value('skyroute_requests_in_flight', { endpoint: 'messages' }), 1);
  assert.equal(exposition.value('skyroute_requests_in_flight', { endpoint: 'embeddings' }), 0);
  assert.equal(exposition.value('skyroute_request_log_queue_depth'), 17);
  assert.equal(exposition.value('skyroute_deployment_circuit_state', { deployment: 'sim/a', provider: 'sim' }), 0);
  assert.equal(exposition.value('skyroute_deployment_circuit_state', { deployment: 'sim/b', provider: 'sim' }), 2);
  assert.equal(exposition.value('skyroute_deployment_circuit_state', { deployment: 'sim/c', provider: 'sim' }), 1);
  assert.equal(exposition.value('skyroute_deployment_circuit_state', { deployment: 'sim/catalog-model', provider: 'sim' }), undefined, 'only deployments of configured groups are watched');
  assert.ok(exposition.find('process_cpu_user_seconds_total').length === 1, 'prom-client\'s default process metrics are there');

  second.emit('close');
  circuits['sim/b'] = 'closed';
  exposition = await scrape(metrics);
  assert.equal(exposition.value('skyroute_requests_in_flight', { endpoint: 'chat' }), 0);
  assert.equal(exposition.value('skyroute_deployment_circuit_state', { deployment: 'sim/b', provider: 'sim' }), 0);
});
