import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { HISTOGRAM_BOUNDS_MS, HISTOGRAM_BUCKETS, histogramPercentile } from './request-stats-histogram.js';
import type { LatencyHistogram, RequestLogRow, RequestStatsBucket, Store } from './store-port.js';

/** 2025-01-15T12:00:00Z, a minute's start: every time here is an offset from it. */
const M0 = Date.UTC(2025, 0, 15, 12);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A served, non-streaming request of key-a (team-a) for `chat` on openai/gpt-4o that used nothing. */
function row(id: string, at: number, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id,
    at,
    endpoint: 'chat',
    keyId: 'key-a',
    teamId: 'team-a',
    model: 'chat',
    provider: 'openai',
    deployment: 'openai/gpt-4o',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 0,
    latencyMs: 100,
    ...overrides,
  };
}

/**
 * A histogram from counts named by their bucket's column: `lt_108` is [91, 108), `lt_1` is [0, 1),
 * `ge_623487` the last; the names are the bounds of request-stats-histogram.ts, written out by hand.
 */
function histogram(count: number, sumMs: number, counts: Record<string, number> = {}): LatencyHistogram {
  const buckets = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const [name, value] of Object.entries(counts)) {
    const [, kind, bound] = /^(lt|ge)_(\d+)$/.exec(name) ?? [];
    const index = kind === 'ge' ? HISTOGRAM_BOUNDS_MS.length : HISTOGRAM_BOUNDS_MS.indexOf(Number(bound));
    assert.ok(index >= 0 && (kind === 'lt' || Number(bound) === HISTOGRAM_BOUNDS_MS[HISTOGRAM_BOUNDS_MS.length - 1]), `${name} names a bucket`);
    buckets[index] = value;
  }
  return { count, sumMs, buckets };
}

function bucket(at: number, figures: Partial<Omit<RequestStatsBucket, 'at'>>): RequestStatsBucket {
  return {
    at,
    requests: 0,
    errors: 0,
    cancelled: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 0,
    latency: histogram(0, 0),
    ttft: histogram(0, 0),
    ...figures,
  };
}

function near(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} is not ${expected}`);
}

/**
 * The per-minute request statistics of the store contract (requestStats, requestStatsDimensions,
 * deleteRequestStatsBefore, and what writeRequests adds to them), registered inside storeConformance's
 * describe so every implementation runs it.
 */
export function requestStatsConformance(openStore: (context: TestContext) => Promise<Store>): void {
  test('request stats: a batch is summed per minute and attribution; errors, 499s, latency and ttft count as documented', async (context) => {
    const store = await openStore(context);
    await store.writeRequests(
      [
        row('a1', M0 + 1_000, { inputTokens: 10, outputTokens: 20, cachedInputTokens: 5, cacheWriteInputTokens: 2, reasoningTokens: 3, costNusd: 1_000, latencyMs: 100 }),
        // The minute's last millisecond still counts in it.
        row('a2', M0 + MINUTE - 1, { stream: true, latencyMs: 200, ttftMs: 50, costNusd: 10 }),
        // An error: counted, but not in latency.
        row('a3', M0 + 30_000, { status: 502, latencyMs: 30_000, errorCode: 'GW_ERR_UPSTREAM_BAD_GATEWAY' }),
        // The client left mid-stream: cancelled, not an error, and neither its latency nor its ttft counts.
        row('a4', M0 + 40_000, { status: 499, stream: true, ttftMs: 60, latencyMs: 5_000, costNusd: 7 }),
        row('b1', M0 + MINUTE, { latencyMs: 1_000, costNusd: 100, outputTokens: 4 }),
        // Refused before routing: no key, no team, no provider, no deployment.
        row('c1', M0 + 10_000, { model: 'embed', keyId: undefined, teamId: undefined, provider: undefined, deployment: undefined, status: 400, latencyMs: 1 }),
        row('d1', M0 + 20_000, { keyId: 'key-b', provider: 'anthropic', deployment: 'anthropic/claude', stream: true, latencyMs: 100, ttftMs: 0, costNusd: 5, inputTokens: 1 }),
      ],
      { log: true },
    );
    const buckets = await store.requestStats({ from: M0, to: M0 + 2 * MINUTE, bucketMs: MINUTE });
    assert.deepEqual(buckets, [
      bucket(M0, {
        requests: 6,
        errors: 2,
        cancelled: 1,
        inputTokens: 11,
        outputTokens: 20,
        cachedInputTokens: 5,
        cacheWriteInputTokens: 2,
        reasoningTokens: 3,
        costNusd: 1_022,
        // a1 100 ms and d1 100 ms in [91, 108), a2 200 ms in [181, 215).
        latency: histogram(3, 400, { lt_108: 2, lt_215: 1 }),
        // a2 50 ms in [45, 54), d1 0 ms in [0, 1).
        ttft: histogram(2, 50, { lt_54: 1, lt_1: 1 }),
      }),
      bucket(M0 + MINUTE, { requests: 1, outputTokens: 4, costNusd: 100, latency: histogram(1, 1_000, { lt_1024: 1 }) }),
    ]);
    // By hand: latency p50 is rank 1.5 of 3, 1.5/2 into [91, 108): 91 + 17 × 0.75; p95 rank 2.85, 0.85 into [181, 215).
    near(histogramPercentile(buckets[0]!.latency.buckets, 0.5), 103.75, 'latency p50');
    near(histogramPercentile(buckets[0]!.latency.buckets, 0.95), 209.9, 'latency p95');
    // ttft p50 is rank 1 of 2: all of [0, 1); p95 rank 1.9, 0.9 into [45, 54).
    near(histogramPercentile(buckets[0]!.ttft.buckets, 0.5), 1, 'ttft p50');
    near(histogramPercentile(buckets[0]!.ttft.buckets, 0.95), 53.1, 'ttft p95');
    assert.equal(histogramPercentile(buckets[1]!.ttft.buckets, 0.5), null, 'no stream, no ttft');
  });

  test('request stats: percentiles of a wider histogram, and the last bucket, against hand-computed values', async (context) => {
    const store = await openStore(context);
    const latencies = [100, 100, 100, 100, 200, 200, 200, 200, 200, 1_000];
    await store.writeRequests(
      latencies.map((latencyMs, index) => row(`p${index}`, M0 + index, { latencyMs, stream: true, ttftMs: index === 9 ? 700_000 : 10 })),
      { log: true },
    );
    const [only] = await store.requestStats({ from: M0, to: M0 + MINUTE, bucketMs: MINUTE });
    assert.ok(only !== undefined);
    assert.deepEqual(only.latency, histogram(10, 2_400, { lt_108: 4, lt_215: 5, lt_1024: 1 }));
    // p50: rank 5, one past the 4 of [91, 108): 181 + 34 × 1/5. p95: rank 9.5, half into [861, 1024).
    near(histogramPercentile(only.latency.buckets, 0.5), 187.8, 'p50');
    near(histogramPercentile(only.latency.buckets, 0.95), 942.5, 'p95');
    near(histogramPercentile(only.latency.buckets, 1), 1_024, 'p100 is the top of its bucket');
    // 9 ttfts of 10 ms in [10, 11) and one past the last bound: p95 there reads as that bound.
    assert.deepEqual(only.ttft, histogram(10, 9 * 10 + 700_000, { lt_11: 9, ge_623487: 1 }));
    near(histogramPercentile(only.ttft.buckets, 0.5), 10 + 5 / 9, 'ttft p50');
    assert.equal(histogramPercentile(only.ttft.buckets, 0.95), 623_487);
  });

  test('request stats: batches add to the same row; a replayed batch counts once, and twice only with the log off', async (context) => {
    const store = await openStore(context);
    const first = [row('r1', M0, { costNusd: 1, latencyMs: 100 }), row('r2', M0 + 1, { costNusd: 2, latencyMs: 200 })];
    assert.deepEqual(await store.writeRequests(first, { log: true }), { inserted: 2 });
    // r2 again (with other figures: the logged row is what counted), r3 new.
    assert.deepEqual(await store.writeRequests([row('r2', M0 + 1, { costNusd: 999 }), row('r3', M0 + 2, { costNusd: 4, latencyMs: 100 })], { log: true }), { inserted: 1 });
    assert.deepEqual(await store.writeRequests(first, { log: true }), { inserted: 0 });
    const window = { from: M0, to: M0 + MINUTE, bucketMs: MINUTE };
    assert.deepEqual(await store.requestStats(window), [bucket(M0, { requests: 3, costNusd: 7, latency: histogram(3, 400, { lt_108: 2, lt_215: 1 }) })]);

    // Without the log nothing remembers the ids: as the daily totals, the statistics count a replay again.
    const unlogged = [row('n1', M0 + 5, { keyId: 'key-n', costNusd: 10 })];
    await store.writeRequests(unlogged, { log: false });
    await store.writeRequests(unlogged, { log: false });
    assert.deepEqual(await store.requestStats({ ...window, keyIds: ['key-n'] }), [bucket(M0, { requests: 2, costNusd: 20, latency: histogram(2, 200, { lt_108: 2 }) })]);
  });

  test('request stats: buckets hold the minutes that start in them; from inclusive, to exclusive; only buckets with requests', async (context) => {
    const store = await openStore(context);
    const QUARTER = 15 * MINUTE;
    await store.writeRequests(
      [
        row('before', M0 - 1),
        row('first', M0),
        row('quarter-end', M0 + QUARTER - 1),
        row('second', M0 + QUARTER),
        row('last', M0 + 4 * QUARTER - 1),
        row('after', M0 + 4 * QUARTER),
      ],
      { log: true },
    );
    const counts = async (from: number, to: number, bucketMs: number) => (await store.requestStats({ from, to, bucketMs })).map((entry) => [entry.at, entry.requests]);
    assert.deepEqual(await counts(M0, M0 + 4 * QUARTER, QUARTER), [
      [M0, 2],
      [M0 + QUARTER, 1],
      [M0 + 3 * QUARTER, 1],
    ]);
    // The buckets start at `from`, wherever that is.
    assert.deepEqual(await counts(M0 - 5 * MINUTE, M0 + 25 * MINUTE, QUARTER), [
      [M0 - 5 * MINUTE, 1 + 1],
      [M0 + 10 * MINUTE, 2],
    ]);
    assert.deepEqual(await counts(M0 - MINUTE, M0 + 5 * QUARTER, 24 * 60 * MINUTE), [[M0 - MINUTE, 6]]);
    assert.deepEqual(await counts(M0 + MINUTE, M0 + 14 * MINUTE, MINUTE), []);
    await assert.rejects(store.requestStats({ from: M0, to: M0 + MINUTE, bucketMs: 30_000 }), /whole number of minutes/);
  });

  test('request stats: filters by model, provider, deployment, key and team, each any of its values; \'\' is "none"; [] matches nothing', async (context) => {
    const store = await openStore(context);
    await store.writeRequests(
      [
        row('f1', M0, { model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', keyId: 'key-a', teamId: 'team-a' }),
        row('f2', M0 + 1, { model: 'chat', provider: 'anthropic', deployment: 'anthropic/claude', keyId: 'key-b', teamId: 'team-a' }),
        row('f3', M0 + 2, { model: 'embed', provider: 'openai', deployment: 'openai/embed', keyId: 'key-a', teamId: 'team-b' }),
        row('f4', M0 + 3, { model: 'chat', keyId: undefined, teamId: undefined, provider: undefined, deployment: undefined, status: 401 }),
        row('f5', M0 + MINUTE, { model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', keyId: 'key-c', teamId: undefined }),
      ],
      { log: true },
    );
    const requests = async (filter: Omit<Parameters<Store['requestStats']>[0], 'from' | 'to' | 'bucketMs'>) =>
      (await store.requestStats({ from: M0, to: M0 + 10 * MINUTE, bucketMs: 10 * MINUTE, ...filter })).reduce((sum, entry) => sum + entry.requests, 0);
    assert.equal(await requests({}), 5);
    assert.equal(await requests({ models: ['chat'] }), 4);
    assert.equal(await requests({ models: ['embed', 'chat'] }), 5);
    assert.equal(await requests({ models: ['nothing'] }), 0);
    assert.equal(await requests({ providers: ['openai'] }), 3);
    assert.equal(await requests({ providers: ['anthropic', 'openai'] }), 4);
    assert.equal(await requests({ deployments: ['openai/gpt-4o'] }), 2);
    assert.equal(await requests({ keyIds: ['key-a'] }), 2);
    assert.equal(await requests({ keyIds: ['key-a', 'key-c'] }), 3);
    assert.equal(await requests({ teamIds: ['team-a'] }), 2);
    assert.equal(await requests({ teamIds: [''] }), 2, 'no team: f4 and f5');
    assert.equal(await requests({ keyIds: [''], models: ['chat'] }), 1);
    assert.equal(await requests({ models: ['chat'], providers: ['openai'], keyIds: ['key-a', 'key-b'], teamIds: ['team-a'] }), 1);
    assert.equal(await requests({ models: [] }), 0);
    assert.deepEqual(
      (await store.requestStats({ from: M0, to: M0 + 10 * MINUTE, bucketMs: MINUTE, models: ['chat'], teamIds: ['', 'team-a'] })).map((entry) => [entry.at, entry.requests, entry.errors]),
      [
        [M0, 3, 1],
        [M0 + MINUTE, 1, 0],
      ],
    );
  });

  test('request stats: a batch of many groups (one per key), and a busy group with many latency buckets, add up exactly', async (context) => {
    const store = await openStore(context);
    const rows = Array.from({ length: 400 }, (_, index) => row(`k${String(index).padStart(3, '0')}`, M0 + index, { keyId: `key-${index}`, costNusd: index, latencyMs: 100 }));
    // One key, seven latencies in seven buckets: more than a sparse upsert names.
    const busy = [0, 5, 50, 500, 5_000, 50_000, 500_000].map((latencyMs, index) => row(`busy${index}`, M0 + index, { keyId: 'key-busy', latencyMs, stream: true, ttftMs: latencyMs }));
    await store.writeRequests([...rows, ...busy], { log: true });
    await store.writeRequests([row('busy-again', M0 + 30_000, { keyId: 'key-busy', latencyMs: 5, stream: true, ttftMs: 700_000 })], { log: true });
    const [all] = await store.requestStats({ from: M0, to: M0 + MINUTE, bucketMs: MINUTE });
    assert.equal(all?.requests, 408);
    assert.equal(all?.costNusd, (399 * 400) / 2);
    assert.equal(all?.latency.buckets.reduce((sum, count) => sum + count, 0), 408);
    const [one] = await store.requestStats({ from: M0, to: M0 + MINUTE, bucketMs: MINUTE, keyIds: ['key-busy'] });
    const expected = { lt_1: 1, lt_6: 2, lt_54: 1, lt_512: 1, lt_5793: 1, lt_55109: 1, lt_524288: 1 };
    assert.deepEqual(one?.latency, histogram(8, 555_560, expected));
    assert.deepEqual(one?.ttft, histogram(8, 555_555 + 700_000, { ...expected, lt_6: 1, ge_623487: 1 }));
  });

  test('request stats dimensions: the distinct values of the window, sorted, without ""; keys and teams with their names while they exist', async (context) => {
    const store = await openStore(context);
    await store.insertTeam({ id: 'team-a', name: 'Team A', limits: {}, metadata: {}, createdAt: M0, updatedAt: M0 });
    await store.insertKey({ id: 'key-a', name: 'app a', hash: 'hash-a', preview: 'sk-sr-…', teamId: 'team-a', limits: {}, metadata: {}, tags: [], createdAt: M0, updatedAt: M0 });
    await store.writeRequests(
      [
        row('d1', M0, { model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', keyId: 'key-a', teamId: 'team-a' }),
        row('d2', M0 + MINUTE, { model: 'auto', provider: 'anthropic', deployment: 'anthropic/claude', keyId: 'key-gone', teamId: 'team-gone' }),
        row('d3', M0 + 2 * MINUTE, { model: 'chat', keyId: undefined, teamId: undefined, provider: undefined, deployment: undefined, status: 400 }),
        row('outside', M0 + 3 * MINUTE, { model: 'late', provider: 'gemini', deployment: 'gemini/flash', keyId: 'key-late', teamId: 'team-late' }),
      ],
      { log: true },
    );
    assert.deepEqual(await store.requestStatsDimensions({ from: M0, to: M0 + 3 * MINUTE }), {
      models: ['auto', 'chat'],
      providers: ['anthropic', 'openai'],
      deployments: ['anthropic/claude', 'openai/gpt-4o'],
      keys: [{ id: 'key-a', name: 'app a' }, { id: 'key-gone' }],
      teams: [{ id: 'team-a', name: 'Team A' }, { id: 'team-gone' }],
    });
    assert.deepEqual(await store.requestStatsDimensions({ from: M0 + 2 * MINUTE, to: M0 + 3 * MINUTE }), { models: ['chat'], providers: [], deployments: [], keys: [], teams: [] });
    assert.deepEqual(await store.requestStatsDimensions({ from: M0 + 4 * MINUTE, to: M0 + 5 * MINUTE }), { models: [], providers: [], deployments: [], keys: [], teams: [] });
  });

  test('deleteRequestStatsBefore: the oldest whole minutes, about `limit` rows a call, never at or after `before`; the log is left alone', async (context) => {
    const store = await openStore(context);
    // Minute 0: three groups; minute 1: two; minute 2: one; minute 3: two.
    const groups = [3, 2, 1, 2];
    await store.writeRequests(
      groups.flatMap((count, minute) => Array.from({ length: count }, (_, index) => row(`m${minute}-${index}`, M0 + minute * MINUTE + index, { keyId: `key-${index}` }))),
      { log: true },
    );
    const minutes = async () => (await store.requestStats({ from: M0, to: M0 + 10 * MINUTE, bucketMs: MINUTE })).map((entry) => [(entry.at - M0) / MINUTE, entry.requests]);
    const cutoff = M0 + 3 * MINUTE;
    assert.equal(await store.deleteRequestStatsBefore(cutoff, 0), 0);
    // The second-oldest row is in minute 0: all of minute 0 goes.
    assert.equal(await store.deleteRequestStatsBefore(cutoff, 2), 3);
    assert.deepEqual(await minutes(), [
      [1, 2],
      [2, 1],
      [3, 2],
    ]);
    assert.equal(await store.deleteRequestStatsBefore(cutoff, 2), 2);
    assert.equal(await store.deleteRequestStatsBefore(cutoff, 2), 1);
    assert.equal(await store.deleteRequestStatsBefore(cutoff, 2), 0);
    assert.deepEqual(await minutes(), [[3, 2]]);
    assert.equal((await store.queryRequestLogs({ limit: 20 })).length, 8, 'the request log keeps its rows');
    // And the other way round: deleting log rows leaves the statistics.
    assert.equal(await store.deleteRequestLogsBefore(M0 + 10 * MINUTE, 100), 8);
    assert.deepEqual(await minutes(), [[3, 2]]);
  });

  /** Traffic of three keys (one without a team, one request without any), two models, errors, 499s and streams, every 7 minutes for 52 hours from `start`. */
  const mixedTraffic = (start: number): RequestLogRow[] =>
    Array.from({ length: (52 * 60) / 7 }, (_, index) => {
      const at = start + index * 7 * MINUTE + (index % 60) * 1_000;
      const key = ['key-a', 'key-b', 'key-c', undefined][index % 4];
      return row(`mix${String(index).padStart(4, '0')}`, at, {
        keyId: key,
        teamId: key === 'key-a' ? 'team-a' : key === 'key-b' ? 'team-b' : undefined,
        model: index % 3 === 0 ? 'embed' : 'chat',
        provider: index % 5 === 0 ? undefined : index % 2 === 0 ? 'openai' : 'anthropic',
        deployment: index % 5 === 0 ? undefined : index % 2 === 0 ? 'openai/gpt-4o' : 'anthropic/claude',
        status: index % 11 === 0 ? 502 : index % 13 === 0 ? 499 : 200,
        stream: index % 2 === 1,
        ttftMs: index % 2 === 1 ? (index * 37) % 900 : undefined,
        latencyMs: (index * 211) % 20_000,
        inputTokens: index,
        outputTokens: 2 * index,
        cachedInputTokens: index % 7,
        reasoningTokens: index % 3,
        costNusd: index * 1_001,
      });
    });
  /** Every key and team the traffic has: a filter by them keeps every row and reads the minute table. */
  const everyKey = { keyIds: ['key-a', 'key-b', 'key-c', ''] };

  test('request stats: hourly buckets without a key or team filter (the hourly table) answer exactly what the per-minute statistics answer', async (context) => {
    const store = await openStore(context);
    const start = Date.UTC(2025, 0, 15, 0);
    const rows = mixedTraffic(start + 13 * MINUTE);
    // In three batches, the second replayed once: the hourly rows count it once too.
    await store.writeRequests(rows.slice(0, 150), { log: true });
    await store.writeRequests(rows.slice(150, 300), { log: true });
    await store.writeRequests(rows.slice(150, 300), { log: true });
    await store.writeRequests(rows.slice(300), { log: true });
    const windows = [
      { from: start, to: start + 3 * DAY, bucketMs: DAY },
      { from: start, to: start + 2 * DAY, bucketMs: HOUR },
      { from: start + 5 * HOUR, to: start + 29 * HOUR, bucketMs: 6 * HOUR },
      { from: start + HOUR, to: start + 3 * HOUR, bucketMs: 2 * HOUR },
    ];
    let compared = 0;
    for (const window of windows) {
      for (const filter of [{}, { models: ['chat'] }, { providers: ['', 'openai'] }, { deployments: ['anthropic/claude'], models: ['chat', 'embed'] }]) {
        const hourly = await store.requestStats({ ...window, ...filter });
        assert.deepEqual(hourly, await store.requestStats({ ...window, ...filter, ...everyKey }), `${JSON.stringify({ ...window, ...filter })}`);
        compared += hourly.length;
      }
    }
    assert.ok(compared > 100, `the comparisons saw buckets with requests (${compared})`);
    // And what they agree on is the traffic: every row once, with its cost.
    const [all] = await store.requestStats({ from: start, to: start + 3 * DAY, bucketMs: 3 * DAY });
    assert.equal(all?.requests, rows.length);
    assert.equal(all?.costNusd, rows.reduce((sum, entry) => sum + entry.costNusd, 0));
    assert.equal(all?.latency.buckets.reduce((sum, count) => sum + count, 0), rows.filter((entry) => entry.status < 400).length);
  });

  test('request stats: the hourly table is pruned with the minutes, an hour once its last minute is gone; a filter by key reads the minutes', async (context) => {
    const store = await openStore(context);
    // Two requests in each of the hours M0 and M0 + 1 h: at :10 and :50.
    await store.writeRequests(
      [0, 1].flatMap((hour) => [row(`h${hour}a`, M0 + hour * HOUR + 10 * MINUTE), row(`h${hour}b`, M0 + hour * HOUR + 50 * MINUTE)]),
      { log: true },
    );
    const window = { from: M0, to: M0 + 2 * HOUR, bucketMs: HOUR };
    const counts = async (filter = {}) => (await store.requestStats({ ...window, ...filter })).map((entry) => [(entry.at - M0) / HOUR, entry.requests]);
    // Past :30 of the first hour: its :10 minute goes, its hourly row stays (its :50 minute is kept).
    assert.equal(await store.deleteRequestStatsBefore(M0 + 30 * MINUTE, 100), 1);
    assert.deepEqual(await counts(everyKey), [
      [0, 1],
      [1, 2],
    ]);
    assert.deepEqual(await counts(), [
      [0, 2],
      [1, 2],
    ]);
    // Past the first hour: its last minute and its hourly row go.
    assert.equal(await store.deleteRequestStatsBefore(M0 + HOUR, 100), 2);
    assert.deepEqual(await counts(), [[1, 2]]);
    assert.deepEqual(await counts(everyKey), [[1, 2]]);
    assert.equal(await store.deleteRequestStatsBefore(M0 + 3 * HOUR, 100), 3);
    assert.deepEqual(await counts(), []);
  });

  test('request stats dimensions over whole days (hourly table and daily totals) and their ends (minutes) answer what the minutes hold', async (context) => {
    const store = await openStore(context);
    const day0 = Date.UTC(2025, 0, 15);
    const at = (hours: number) => day0 + hours * HOUR;
    await store.writeRequests(
      [
        // Before the window, the same day as its start.
        row('early', at(2), { model: 'early', provider: 'early', deployment: 'early/x', keyId: 'key-early', teamId: 'team-early' }),
        // The window's first part day (from 06:00 on day 0).
        row('start', at(7), { model: 'start', provider: 'p-start', deployment: 'p-start/x', keyId: 'key-start', teamId: 'team-start' }),
        // Whole days 1 and 2.
        row('mid1', at(24 + 5), { model: 'mid', provider: 'p-mid', deployment: 'p-mid/x', keyId: 'key-mid', teamId: 'team-mid' }),
        row('mid2', at(48 + 23.9), { model: 'mid2', provider: undefined, deployment: undefined, keyId: 'key-mid2', teamId: undefined }),
        // The last part day (to 06:30 on day 3), and after it.
        row('end', at(72 + 6), { model: 'end', provider: 'p-end', deployment: 'p-end/x', keyId: 'key-end', teamId: 'team-end' }),
        row('late', at(72 + 6.5), { model: 'late', provider: 'late', deployment: 'late/x', keyId: 'key-late', teamId: 'team-late' }),
      ],
      { log: true },
    );
    const window = { from: at(6), to: at(72 + 6.5) };
    const expected = {
      models: ['end', 'mid', 'mid2', 'start'],
      providers: ['p-end', 'p-mid', 'p-start'],
      deployments: ['p-end/x', 'p-mid/x', 'p-start/x'],
      keys: [{ id: 'key-end' }, { id: 'key-mid' }, { id: 'key-mid2' }, { id: 'key-start' }],
      teams: [{ id: 'team-end' }, { id: 'team-mid' }, { id: 'team-start' }],
    };
    assert.deepEqual(await store.requestStatsDimensions(window), expected);
    // Whole days only, and a window of exactly whole days.
    assert.deepEqual((await store.requestStatsDimensions({ from: at(24), to: at(72) })).keys, [{ id: 'key-mid' }, { id: 'key-mid2' }]);
    assert.deepEqual((await store.requestStatsDimensions({ from: at(0), to: at(24) })).models, ['early', 'start']);
    // Once retention deleted the statistics of day 0 and 1, the daily totals (kept for ever) name none of their keys.
    await store.deleteRequestStatsBefore(at(48), 100);
    assert.deepEqual(await store.requestStatsDimensions({ from: at(0), to: at(96) }), {
      models: ['end', 'late', 'mid2'],
      providers: ['late', 'p-end'],
      deployments: ['late/x', 'p-end/x'],
      keys: [{ id: 'key-end' }, { id: 'key-late' }, { id: 'key-mid2' }],
      teams: [{ id: 'team-end' }, { id: 'team-late' }],
    });
  });
}
