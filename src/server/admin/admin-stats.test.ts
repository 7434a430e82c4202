import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RequestLogRow } from '../../store/store-port.js';
import { startAdminServer, type RunningAdminServer } from './__fixtures__/start-admin-server.js';
import { SpendReportJson, StatsDimensionsJson, StatsReportJson } from './admin-output-schemas.js';

/** /admin/stats and /admin/stats/dimensions over rows written with store.writeRequests, the way the request-log writer does. */
let server: RunningAdminServer;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** 12:07:30 UTC: buckets visibly start on whole minutes, quarter hours and days, not at `now`. */
const NOW = Date.UTC(2026, 0, 14, 12, 7, 30);

function row(id: string, at: number, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id,
    at,
    endpoint: 'chat',
    keyId: 'key_a',
    teamId: 'team_x',
    model: 'chat',
    deployment: 'openai/gpt-4o-mini',
    provider: 'openai',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 100,
    outputTokens: 50,
    cachedInputTokens: 10,
    cacheWriteInputTokens: 5,
    reasoningTokens: 2,
    costNusd: 1_000_001,
    latencyMs: 120,
    ...overrides,
  };
}

before(async () => {
  server = await startAdminServer({ now: NOW });
  await server.store.insertTeam({ id: 'team_x', name: 'Team X', limits: {}, metadata: {}, createdAt: NOW, updatedAt: NOW });
  await server.store.insertKey({ id: 'key_a', name: 'app a', hash: 'hash-a', preview: 'sk-sr-…', teamId: 'team_x', limits: {}, metadata: {}, tags: [], createdAt: NOW, updatedAt: NOW });
  await server.store.writeRequests(
    [
      row('r1', NOW - 30_000, { stream: true, ttftMs: 40 }),
      row('r2', NOW - 90_000, { keyId: 'key_b', model: 'embed', endpoint: 'embeddings', deployment: 'openai/text-embedding-3-small', costNusd: 333_333_333, latencyMs: 30 }),
      row('r3', NOW - 5 * MINUTE, { status: 429, errorCode: 'GW_ERR_KEY_RATE_LIMITED', deployment: undefined, provider: undefined, costNusd: 0, latencyMs: 1 }),
      row('r4', NOW - 2 * 60 * MINUTE, { provider: 'anthropic', deployment: 'anthropic/claude', stream: true, ttftMs: 30, latencyMs: 50, costNusd: 2_000_000 }),
      row('r5', NOW - 3 * DAY, { keyId: 'key_c', teamId: 'team_y', costNusd: 7_000_000_000, latencyMs: 500 }),
      row('r6', NOW - 40 * DAY, { costNusd: 5 }),
      // The client left mid-stream: counted as cancelled, not as an error, and in neither latency nor ttft.
      row('r7', NOW - 10_000, { keyId: undefined, teamId: undefined, status: 499, stream: true, ttftMs: 20, latencyMs: 900, costNusd: 10 }),
    ],
    { log: true },
  );
});
after(() => server.close());

async function stats(query: string) {
  const response = await server.call('GET', `/admin/stats${query === '' ? '' : `?${query}`}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return StatsReportJson.parse(response.body);
}

const EMPTY = {
  requests: 0,
  errors: 0,
  cancelled: 0,
  error_rate: null,
  cost_usd: 0,
  input_tokens: 0,
  output_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  reasoning_tokens: 0,
  latency_avg_ms: null,
  latency_p50_ms: null,
  latency_p95_ms: null,
  ttft_avg_ms: null,
  ttft_p50_ms: null,
  ttft_p95_ms: null,
};

test('GET /admin/stats defaults to 24 hours in quarter hours, every bucket answered, totals exact and percentiles from the merged histograms', async () => {
  const report = await stats('');
  assert.equal(report.window, '24h');
  assert.equal(report.bucket, '15m');
  assert.equal(report.from, '2026-01-13T12:15:00.000Z');
  assert.equal(report.to, '2026-01-14T12:15:00.000Z');
  assert.equal(report.data.length, 96);
  assert.deepEqual(report.data[0], { at: '2026-01-13T12:15:00.000Z', ...EMPTY });
  assert.deepEqual(
    report.data.filter((bucket) => bucket.requests > 0).map((bucket) => [bucket.at, bucket.requests]),
    [
      ['2026-01-14T10:00:00.000Z', 1],
      ['2026-01-14T12:00:00.000Z', 4],
    ],
  );
  // r1, r2, r3, r4 and r7 (r5 is 3 days old, r6 40).
  assert.deepEqual(report.total, {
    requests: 5,
    errors: 1,
    cancelled: 1,
    error_rate: 0.2,
    cost_usd: 0.336333344, // 1_000_001 + 333_333_333 + 0 + 2_000_000 + 10 nUSD
    input_tokens: 500,
    output_tokens: 250,
    cached_input_tokens: 50,
    cache_write_input_tokens: 25,
    reasoning_tokens: 10,
    // Answered: r2 30 ms in [27, 32), r4 50 ms in [45, 54), r1 120 ms in [108, 128).
    // p50: rank 1.5, half into [45, 54) = 49.5; p95: rank 2.85, 0.85 into [108, 128) = 125.
    latency_avg_ms: 66.7,
    latency_p50_ms: 49.5,
    latency_p95_ms: 125,
    // Streams answered: r4 30 ms in [27, 32), r1 40 ms in [38, 45); p50 rank 1 = 32; p95 rank 1.9, 0.9 into [38, 45) = 44.3.
    ttft_avg_ms: 35,
    ttft_p50_ms: 32,
    ttft_p95_ms: 44.3,
  });
  const last = report.data[95]!;
  assert.equal(last.at, '2026-01-14T12:00:00.000Z');
  assert.deepEqual([last.requests, last.errors, last.cancelled, last.error_rate, last.cost_usd], [4, 1, 1, 0.25, 0.334333344]);
});

test('GET /admin/stats?window=1h answers 60 one-minute buckets ending with the current minute', async () => {
  const report = await stats('window=1h');
  assert.equal(report.bucket, '1m');
  assert.equal(report.from, '2026-01-14T11:08:00.000Z');
  assert.equal(report.to, '2026-01-14T12:08:00.000Z');
  assert.equal(report.data.length, 60);
  const busy = report.data.map((bucket, index) => [index, bucket.at.slice(11, 16), bucket.requests, bucket.errors, bucket.cancelled] as const).filter(([, , requests]) => requests > 0);
  assert.deepEqual(busy, [
    [54, '12:02', 1, 1, 0],
    [58, '12:06', 1, 0, 0],
    [59, '12:07', 2, 0, 1],
  ]);
  assert.deepEqual([report.data[59]!.latency_p50_ms, report.data[59]!.ttft_p50_ms], [118, 41.5], 'r1 alone: halfway into [108, 128) and into [38, 45)');
});

test('GET /admin/stats?window=30d is spend per day: each bucket equals that day in /admin/spend', async () => {
  const report = await stats('window=30d');
  assert.equal(report.bucket, '1d');
  assert.equal(report.from, '2025-12-16T00:00:00.000Z');
  assert.equal(report.to, '2026-01-15T00:00:00.000Z');
  assert.equal(report.data.length, 30);
  const spend = SpendReportJson.parse((await server.call('GET', '/admin/spend?from=2025-12-16&to=2026-01-14&group_by=day')).body);
  const byDay = new Map(spend.data.map((entry) => [entry.day, entry]));
  for (const bucket of report.data) {
    const day = byDay.get(bucket.at.slice(0, 10));
    assert.equal(bucket.requests, day?.requests ?? 0, bucket.at);
    assert.equal(bucket.cost_usd, day?.cost_usd ?? 0, bucket.at);
    assert.equal(bucket.output_tokens, day?.output_tokens ?? 0, bucket.at);
  }
  assert.equal(report.total.requests, 6);
  assert.equal(report.total.cost_usd, spend.total.cost_usd);
  assert.equal(report.total.cost_usd, 7.336333344);
});

test('GET /admin/stats filters take one value or several separated by commas; different filters narrow each other', async () => {
  const requests = async (query: string) => (await stats(query)).total.requests;
  assert.equal(await requests('model=chat'), 4);
  assert.equal(await requests('model=chat,embed'), 5);
  assert.equal(await requests('model=embed,embed'), 1, 'a repeated value counts once');
  assert.equal(await requests('provider=anthropic'), 1);
  assert.equal(await requests('deployment=openai/gpt-4o-mini'), 2);
  assert.equal(await requests('key_id=key_a,key_b'), 4);
  assert.equal(await requests('team_id=team_x&model=embed'), 1);
  assert.equal(await requests('window=7d&key_id=key_c'), 1);
  assert.equal(await requests('model=none-such'), 0);
  const narrowed = await stats('window=7d&bucket=6h&team_id=team_y');
  assert.equal(narrowed.data.length, 28);
  assert.equal(narrowed.data.find((bucket) => bucket.requests > 0)?.at, '2026-01-11T12:00:00.000Z');
  assert.equal(narrowed.total.cost_usd, 7);
});

test('GET /admin/stats refuses a bad window, a bucket that does not fit, a bad filter and a repeated parameter, naming the field', async () => {
  for (const [query, param, message] of [
    ['window=2d', 'window', /window: must be one of 1h, 24h, 7d, 30d/],
    ['bucket=7m', 'bucket', /bucket: must be one of 1m, 5m/],
    ['window=1h&bucket=1d', 'bucket', /bucket: 1d is longer than the window \(1h\); for 1h use one of 1m, 5m, 10m, 15m, 30m, 1h/],
    ['window=30d&bucket=1m', 'bucket', /bucket: 1m makes 43200 buckets over 30d, and at most 1440 are answered; for 30d use one of 30m, 1h, 2h, 3h, 6h, 12h, 1d/],
    ['model=a,,b', 'model', /model: must be one model or several separated by commas/],
    ['key_id=,', 'key_id', /key_id: must be one key id or several/],
    ['model=a&model=b', 'model', /model: give it once/],
    ['teams=x', 'teams', /unknown parameter "teams"/],
  ] as const) {
    const response = await server.call('GET', `/admin/stats?${query}`);
    assert.equal(response.status, 400, query);
    assert.equal(response.body.error.skyroute_code, 'GW_ERR_ADMIN_INVALID', query);
    assert.equal(response.body.error.param, param, query);
    assert.match(response.body.error.message, message, query);
  }
});

test('GET /admin/stats/dimensions lists what the window saw, sorted, keys and teams with their names (null once gone)', async () => {
  const response = await server.call('GET', '/admin/stats/dimensions?window=30d');
  assert.equal(response.status, 200);
  assert.deepEqual(StatsDimensionsJson.parse(response.body), {
    window: '30d',
    from: '2025-12-16T00:00:00.000Z',
    to: '2026-01-15T00:00:00.000Z',
    models: ['chat', 'embed'],
    providers: ['anthropic', 'openai'],
    deployments: ['anthropic/claude', 'openai/gpt-4o-mini', 'openai/text-embedding-3-small'],
    keys: [
      { id: 'key_a', name: 'app a' },
      { id: 'key_b', name: null },
      { id: 'key_c', name: null },
    ],
    teams: [
      { id: 'team_x', name: 'Team X' },
      { id: 'team_y', name: null },
    ],
  });
  const hour = StatsDimensionsJson.parse((await server.call('GET', '/admin/stats/dimensions?window=1h')).body);
  assert.deepEqual([hour.models, hour.providers, hour.keys.map((key) => key.id), hour.teams.map((team) => team.id)], [['chat', 'embed'], ['openai'], ['key_a', 'key_b'], ['team_x']]);
  assert.equal((await server.call('GET', '/admin/stats/dimensions?window=1d')).status, 400);
});

test('/openapi.json describes both routes with their query parameters', async () => {
  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, { get?: { parameters?: Array<{ name: string; required: boolean }>; tags: string[] } }>;
  };
  const stats = document.paths['/admin/stats']?.get;
  assert.deepEqual(
    stats?.parameters?.map((parameter) => [parameter.name, parameter.required]),
    [
      ['window', false],
      ['bucket', false],
      ['model', false],
      ['provider', false],
      ['deployment', false],
      ['key_id', false],
      ['team_id', false],
    ],
  );
  assert.deepEqual(stats?.tags, ['stats']);
  assert.deepEqual(document.paths['/admin/stats/dimensions']?.get?.parameters?.map((parameter) => parameter.name), ['window']);
});
