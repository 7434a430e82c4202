import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LogListJson, StatsDimensionsJson, StatsReportJson } from '../src/server/admin/admin-output-schemas.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { HISTOGRAM_BUCKETS, histogramBucket, histogramPercentile } from '../src/store/request-stats-histogram.js';
import { simModel, startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * The dashboard's statistics end to end (issue 7): a gateway in front of the simulator takes known
 * traffic from two virtual keys (three models, one of them down, streams with a known first-token
 * delay), the request-log writer writes it, and GET /admin/stats answers exactly what was sent and
 * exactly what the request log recorded (the log's rows carry each request's own latency and ttft).
 */
const MASTER = 'stats-master-key-0123456789';
/** The simulator waits this long before a `slow` stream's first token. */
const SLOW_TTFT_MS = 150;

let simulator: RunningSimulator;
let gateway: RoutingGateway;
let keyA: { id: string; key: string };
let keyB: { id: string; key: string };
let teamId: string;
/** Every request sent, with the status the client saw. */
const sent: Array<{ model: string; key: 'a' | 'b'; stream: boolean; status: number }> = [];

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function send(key: 'a' | 'b', model: string, stream: boolean): Promise<void> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key === 'a' ? keyA.key : keyB.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Count to four.' }] }),
  });
  await response.arrayBuffer();
  sent.push({ model, key, stream, status: response.status });
}

before(async () => {
  const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };
  simulator = await startSimulator({
    seed: 5,
    profiles: { fast: quick, slow: { ...quick, timeToFirstTokenMs: SLOW_TTFT_MS, outputTokens: 6 }, down: { ...quick, outages: [{ mode: 'error' }] } },
  });
  gateway = await startRoutingGateway(simulator, {
    auth: { master_key: MASTER },
    request_log: { flush_interval_ms: 20 },
    catalog: { models: [simModel('fast', { input: 1, output: 2 }), simModel('slow', { input: 3, output: 15 }), simModel('down', { input: 1, output: 1 })] },
    models: [
      { name: 'fast', deployments: [{ provider: 'sim', model: 'fast' }] },
      { name: 'slow', deployments: [{ provider: 'sim', model: 'slow' }] },
      { name: 'broken', deployments: [{ provider: 'sim', model: 'down' }] },
    ],
    routing: { retry: { max_attempts: 1 } },
  });
  teamId = (await admin('POST', '/admin/teams', { name: 'research' })).id;
  keyA = await admin('POST', '/admin/keys', { name: 'app-a' });
  keyB = await admin('POST', '/admin/keys', { name: 'app-b', team_id: teamId });

  for (let index = 0; index < 3; index++) await send('a', 'fast', false);
  for (let index = 0; index < 2; index++) await send('a', 'broken', false);
  for (let index = 0; index < 2; index++) await send('b', 'slow', true);
  await send('b', 'fast', true);

  // The writer flushes every 20 ms: wait (bounded) until the log has every row; the statistics are written in the same transaction.
  for (let attempt = 0; attempt < 500; attempt++) {
    const logged = LogListJson.parse(await admin('GET', '/admin/logs?limit=100')).data.length;
    if (logged >= sent.length) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

after(async () => {
  await gateway?.close();
  await simulator?.close();
});

test('the traffic went as planned: fast and slow served, broken refused', () => {
  assert.deepEqual(
    sent.map((request) => [request.model, request.status >= 400]),
    [
      ['fast', false],
      ['fast', false],
      ['fast', false],
      ['broken', true],
      ['broken', true],
      ['slow', false],
      ['slow', false],
      ['fast', false],
    ],
  );
});

test('GET /admin/stats answers the traffic exactly: requests, errors, tokens and cost equal the request log to the unit', async () => {
  const logs = LogListJson.parse(await admin('GET', '/admin/logs?limit=100')).data;
  assert.equal(logs.length, 8);
  const report = StatsReportJson.parse(await admin('GET', '/admin/stats?window=1h'));
  assert.equal(report.data.length, 60);
  const sum = (field: 'input_tokens' | 'output_tokens' | 'cost_usd') => logs.reduce((total, row) => total + Math.round(row[field] * (field === 'cost_usd' ? 1e9 : 1)), 0);
  assert.equal(report.total.requests, 8);
  assert.equal(report.total.errors, 2);
  assert.equal(report.total.cancelled, 0);
  assert.equal(report.total.error_rate, 0.25);
  // The simulator answers 4 tokens for fast and 6 for slow.
  assert.equal(report.total.output_tokens, 4 * 4 + 2 * 6);
  assert.equal(report.total.output_tokens, sum('output_tokens'));
  assert.equal(report.total.input_tokens, sum('input_tokens'));
  assert.ok(report.total.input_tokens > 0);
  assert.equal(Math.round(report.total.cost_usd * 1e9), sum('cost_usd'));
  assert.ok(report.total.cost_usd > 0, 'the catalog prices the sim models');
  // The buckets add up to the totals.
  assert.equal(report.data.reduce((total, bucket) => total + bucket.requests, 0), 8);

  const byModel = async (model: string) => StatsReportJson.parse(await admin('GET', `/admin/stats?window=1h&model=${model}`)).total;
  const broken = await byModel('broken');
  assert.deepEqual([broken.requests, broken.errors, broken.error_rate, broken.latency_p50_ms, broken.ttft_p50_ms], [2, 2, 1, null, null]);
  const slow = await byModel('slow');
  assert.deepEqual([slow.requests, slow.errors, slow.output_tokens], [2, 0, 12]);
  const keyBTotal = StatsReportJson.parse(await admin('GET', `/admin/stats?window=1h&key_id=${keyB.id}`)).total;
  assert.deepEqual([keyBTotal.requests, keyBTotal.output_tokens], [3, 2 * 6 + 4]);
  assert.equal(StatsReportJson.parse(await admin('GET', `/admin/stats?window=1h&team_id=${teamId}&model=fast`)).total.requests, 1);
  // A request that failed upstream was served by no deployment: it counts under no provider.
  assert.equal(StatsReportJson.parse(await admin('GET', `/admin/stats?window=1h&key_id=${keyA.id},${keyB.id}&provider=sim`)).total.requests, 6);
});

test('latency and time to first token: the averages and percentiles of exactly the values the request log holds; slow streams waited their delay', async () => {
  const logs = LogListJson.parse(await admin('GET', '/admin/logs?limit=100')).data;
  const answered = logs.filter((row) => row.status < 400);
  const streams = answered.filter((row) => row.stream && row.ttft_ms !== null);
  assert.equal(streams.length, 3);
  for (const row of streams.filter((entry) => entry.model === 'slow')) assert.ok(row.ttft_ms! >= SLOW_TTFT_MS, `a slow stream's first token came after ${row.ttft_ms} ms`);
  const expected = (values: number[]) => {
    const counts = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
    for (const value of values) counts[histogramBucket(value)]! += 1;
    const tenths = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    return {
      avg: Math.round((values.reduce((total, value) => total + value, 0) / values.length) * 10) / 10,
      p50: tenths(histogramPercentile(counts, 0.5)),
      p95: tenths(histogramPercentile(counts, 0.95)),
    };
  };
  const total = StatsReportJson.parse(await admin('GET', '/admin/stats?window=1h')).total;
  const latency = expected(answered.map((row) => row.latency_ms));
  assert.deepEqual([total.latency_avg_ms, total.latency_p50_ms, total.latency_p95_ms], [latency.avg, latency.p50, latency.p95]);
  const ttft = expected(streams.map((row) => row.ttft_ms!));
  assert.deepEqual([total.ttft_avg_ms, total.ttft_p50_ms, total.ttft_p95_ms], [ttft.avg, ttft.p50, ttft.p95]);

  // The slow streams alone: both first tokens came after the delay, so the median's bucket starts at or above the bucket of 150 ms.
  const slow = StatsReportJson.parse(await admin('GET', '/admin/stats?window=1h&model=slow')).total;
  assert.ok(slow.ttft_p50_ms !== null && slow.ttft_p50_ms >= 128, `slow ttft p50 ${slow.ttft_p50_ms}`);
  assert.ok(slow.ttft_avg_ms !== null && slow.ttft_avg_ms >= SLOW_TTFT_MS);
});

test('GET /admin/stats/dimensions names the models, deployments, keys and team of the traffic', async () => {
  const dimensions = StatsDimensionsJson.parse(await admin('GET', '/admin/stats/dimensions?window=1h'));
  assert.deepEqual(dimensions.models, ['broken', 'fast', 'slow']);
  assert.deepEqual(dimensions.providers, ['sim']);
  assert.deepEqual(dimensions.deployments, ['sim/fast', 'sim/slow']);
  assert.deepEqual(
    dimensions.keys,
    [
      { id: keyA.id, name: 'app-a' },
      { id: keyB.id, name: 'app-b' },
    ].sort((left, right) => (left.id < right.id ? -1 : 1)),
  );
  assert.deepEqual(dimensions.teams, [{ id: teamId, name: 'research' }]);
});
