import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RequestLogRow } from '../../store/store-port.js';
import { startAdminServer, type RunningAdminServer } from './__fixtures__/start-admin-server.js';
import { LogDetailJson, LogListJson, SpendReportJson } from './admin-output-schemas.js';

/** /admin/spend and /admin/logs over rows written with store.writeRequests, the way the request-log writer does. */
let server: RunningAdminServer;

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 14, 12);

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
    ttftMs: 40,
    ...overrides,
  };
}

before(async () => {
  server = await startAdminServer({ now: NOW });
  await server.store.writeRequests(
    [
      row('r1', NOW - 1000),
      row('r2', NOW - 2000, { keyId: 'key_b', model: 'embed', endpoint: 'embeddings', costNusd: 333_333_333 }),
      row('r3', NOW - DAY, { status: 429, errorCode: 'GW_ERR_KEY_RATE_LIMITED', errorMessage: 'rpm limit of key_a reached', deployment: undefined, provider: undefined, costNusd: 0 }),
      row('r4', NOW - 2 * DAY, { provider: 'anthropic', deployment: 'anthropic/claude', routeReason: 'cheapest healthy', category: 'code', trace: { steps: ['plan', 'try'] }, requestBody: '{"a":1}', responseBody: '{"b":2}' }),
      row('r5', NOW - 40 * DAY, { costNusd: 7_000_000_000 }),
      row('r6', NOW - 3000, { keyId: undefined, teamId: undefined, status: 500, errorCode: 'GW_ERR_UPSTREAM_SERVER', errorMessage: 'upstream exploded' }),
    ],
    { log: true },
  );
});
after(() => server.close());

test('GET /admin/spend defaults to the last 30 days in one total row, exact to the nano-dollar', async () => {
  const response = await server.call('GET', '/admin/spend');
  assert.equal(response.status, 200);
  const report = SpendReportJson.parse(response.body);
  assert.equal(report.to, '2026-01-14');
  assert.equal(report.from, '2025-12-16');
  assert.deepEqual(report.group_by, []);
  const expected = {
    requests: 5,
    input_tokens: 500,
    output_tokens: 250,
    cached_input_tokens: 50,
    cache_write_input_tokens: 25,
    reasoning_tokens: 10,
    cost_usd: 0.336333336, // r1 + r2 + r3 + r4 + r6 = 1_000_001·3 + 333_333_333 + 0 nUSD; r5 is 40 days old
  };
  assert.deepEqual(report.total, expected);
  assert.deepEqual(report.data, [expected]);
});

test('GET /admin/spend groups by the asked dimensions and filters by key and team', async () => {
  const byDayKey = SpendReportJson.parse((await server.call('GET', '/admin/spend?from=2026-01-12&to=2026-01-14&group_by=day,key')).body);
  assert.deepEqual(byDayKey.group_by, ['day', 'key']);
  const compact = byDayKey.data.map((entry) => [entry.day, entry.key_id, entry.requests, entry.cost_usd]);
  assert.deepEqual(
    compact.sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
    [
      ['2026-01-12', 'key_a', 1, 0.001000001],
      ['2026-01-13', 'key_a', 1, 0],
      ['2026-01-14', 'key_a', 1, 0.001000001],
      ['2026-01-14', 'key_b', 1, 0.333333333],
      ['2026-01-14', null, 1, 0.001000001],
    ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
  );
  assert.equal(byDayKey.total.cost_usd, 0.336333336);
  for (const entry of byDayKey.data) assert.deepEqual(Object.keys(entry).slice(0, 2), ['day', 'key_id'], 'only the grouped dimensions');

  const byProvider = SpendReportJson.parse((await server.call('GET', '/admin/spend?group_by=provider&key_id=key_a')).body);
  const providers = Object.fromEntries(byProvider.data.map((entry) => [String(entry.provider), entry.requests]));
  assert.deepEqual(providers, { openai: 1, anthropic: 1, null: 1 });

  const team = SpendReportJson.parse((await server.call('GET', '/admin/spend?team_id=team_x')).body);
  assert.equal(team.total.requests, 4);
});

test('GET /admin/spend refuses a bad day, a reversed range and an unknown dimension, naming the field', async () => {
  for (const [query, param] of [
    ['from=2026-02-30', 'from'],
    ['to=yesterday', 'to'],
    ['from=2026-01-10&to=2026-01-01', 'from'],
    ['group_by=day,colour', 'group_by'],
    ['group_by=day&group_by=key', 'group_by'],
    ['team=x', 'team'],
  ] as const) {
    const response = await server.call('GET', `/admin/spend?${query}`);
    assert.equal(response.status, 400, query);
    assert.equal(response.body.error.skyroute_code, 'GW_ERR_ADMIN_INVALID', query);
    assert.equal(response.body.error.param, param, query);
  }
});

test('GET /admin/logs lists rows newest first without bodies, filters, and pages with an opaque cursor', async () => {
  const first = LogListJson.parse((await server.call('GET', '/admin/logs?limit=2')).body);
  assert.deepEqual(
    first.data.map((entry) => entry.id),
    ['r1', 'r2'],
  );
  assert.ok(first.next_before);
  assert.ok(!('trace' in first.data[0]!), 'a list carries no trace');
  const second = LogListJson.parse((await server.call('GET', `/admin/logs?limit=2&before=${first.next_before}`)).body);
  assert.deepEqual(
    second.data.map((entry) => entry.id),
    ['r6', 'r3'],
  );
  const last = LogListJson.parse((await server.call('GET', `/admin/logs?limit=2&before=${second.next_before}`)).body);
  assert.deepEqual(
    last.data.map((entry) => entry.id),
    ['r4', 'r5'],
  );
  assert.equal(last.next_before, null);

  const r1 = first.data[0]!;
  assert.equal(r1.at, new Date(NOW - 1000).toISOString());
  assert.equal(r1.cost_usd, 0.001000001);
  assert.equal(r1.ttft_ms, 40);
  assert.equal(r1.route_reason, null);
  assert.equal(r1.category, null);

  const ids = async (query: string): Promise<string[]> => LogListJson.parse((await server.call('GET', `/admin/logs?${query}`)).body).data.map((entry) => entry.id);
  assert.deepEqual(await ids('status=error'), ['r6', 'r3']);
  assert.deepEqual(await ids('status=429'), ['r3']);
  assert.deepEqual(await ids('status=ok&key_id=key_a'), ['r1', 'r4', 'r5']);
  assert.deepEqual(await ids('model=embed'), ['r2']);
  assert.deepEqual(await ids('provider=anthropic'), ['r4']);
  assert.deepEqual(await ids('deployment=anthropic/claude'), ['r4']);
  assert.deepEqual(await ids('team_id=team_x&search=rpm'), ['r3']);
  assert.deepEqual(await ids(`from=${NOW - DAY}&to=${NOW - 1000}`), ['r2', 'r6', 'r3']);
  assert.deepEqual(await ids(`from=${encodeURIComponent(new Date(NOW - 2 * DAY).toISOString())}&to=2026-01-13`), ['r4']);
});

test('GET /admin/logs/{id} has the trace and bodies; an unknown id is a 404', async () => {
  const response = await server.call('GET', '/admin/logs/r4');
  assert.equal(response.status, 200);
  const detail = LogDetailJson.parse(response.body);
  assert.deepEqual(detail.trace, { steps: ['plan', 'try'] });
  assert.equal(detail.request_body, '{"a":1}');
  assert.equal(detail.response_body, '{"b":2}');
  assert.equal(detail.route_reason, 'cheapest healthy');
  assert.equal(detail.category, 'code');
  const plain = LogDetailJson.parse((await server.call('GET', '/admin/logs/r1')).body);
  assert.equal(plain.trace, null);
  assert.equal(plain.request_body, null);
  const missing = await server.call('GET', '/admin/logs/nope');
  assert.equal(missing.status, 404);
  assert.match(missing.body.error.message, /written in batches/);
});

test('GET /admin/logs refuses a bad cursor, limit, status or time', async () => {
  for (const [query, param] of [
    ['before=not-a-cursor', 'before'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['status=fine', 'status'],
    ['from=last-week', 'from'],
    ['to=2026-01-14T10:00', 'to'],
  ] as const) {
    const response = await server.call('GET', `/admin/logs?${query}`);
    assert.equal(response.status, 400, query);
    assert.equal(response.body.error.param, param, query);
  }
});
