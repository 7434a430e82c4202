import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { feedbackConformance } from './feedback-conformance.js';
import { requestStatsConformance } from './request-stats-conformance.js';
import { StoreConflictError, type KeyRecord, type RequestLogRow, type SpendReportRow, type Store, type TeamRecord } from './store-port.js';

/** 2025-01-15T00:00:00Z: every time in the suite is an offset from it, so days are known. */
const DAY0 = Date.UTC(2025, 0, 15);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function team(overrides: Partial<TeamRecord> = {}): TeamRecord {
  return { id: 'team-a', name: 'Team A', limits: {}, metadata: {}, createdAt: DAY0, updatedAt: DAY0, ...overrides };
}

function key(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: 'key-a',
    name: 'app a',
    hash: 'hash-a',
    preview: 'sk-sr-Ab…wXyZ',
    limits: {},
    metadata: {},
    tags: [],
    createdAt: DAY0,
    updatedAt: DAY0,
    ...overrides,
  };
}

function logRow(overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id: 'req-a',
    at: DAY0,
    endpoint: 'chat',
    model: 'chat',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 10,
    outputTokens: 20,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 1_000,
    latencyMs: 100,
    ...overrides,
  };
}

/** What queryRequestLogs answers for a row: everything but the trace and the bodies. */
function listed(row: RequestLogRow): RequestLogRow {
  const { trace: _trace, requestBody: _requestBody, responseBody: _responseBody, ...rest } = row;
  return rest;
}

function spend(figures: Partial<SpendReportRow> & { requests: number; costNusd: number }): SpendReportRow {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0, ...figures };
}

/**
 * One suite for every Store implementation (SQLite, PostgreSQL): the contract of store-port.ts, case
 * by case. `open` must answer a new, empty, migrated store on every call (a fresh file, a fresh
 * schema); each test closes the store it opened.
 */
export function storeConformance(label: string, open: () => Promise<Store>): void {
  async function openStore(context: TestContext): Promise<Store> {
    const store = await open();
    context.after(() => store.close());
    return store;
  }

  describe(`Store conformance: ${label}`, () => {
    test('teams: every field round-trips, JSON objects included; an unknown id answers undefined', async (context) => {
      const store = await openStore(context);
      const full = team({
        id: 'team-full',
        name: 'Platform',
        limits: { models: ['chat', 'embed'], rpm: 600, tpm: 100_000, maxParallel: 8, budgets: [{ period: 'month', limitUsd: 50.5, alertAt: 0.8 }, { period: 'total', limitUsd: 1_000 }] },
        metadata: { owner: 'ana', cost_center: 42, nested: { list: [1, 'two', null, true] } },
        createdAt: DAY0 + 1,
        updatedAt: DAY0 + 2,
      });
      const bare = team({ id: 'team-bare', name: 'Bare' });
      await store.insertTeam(full);
      await store.insertTeam(bare);
      assert.deepEqual(await store.getTeam('team-full'), full);
      assert.deepEqual(await store.getTeam('team-bare'), bare);
      assert.equal(await store.getTeam('team-none'), undefined);
      assert.deepEqual(await store.listTeams(), [bare, full]);
    });

    test('teams: a duplicate id or name is a StoreConflictError that names it, and the first team stays', async (context) => {
      const store = await openStore(context);
      await store.insertTeam(team());
      await assert.rejects(store.insertTeam(team({ name: 'Other' })), (error: unknown) => error instanceof StoreConflictError && /team-a/.test(error.message));
      await assert.rejects(store.insertTeam(team({ id: 'team-b' })), (error: unknown) => error instanceof StoreConflictError && /Team A/.test(error.message));
      assert.deepEqual(await store.listTeams(), [team()]);
    });

    test('teams: a patch sets what it names and updatedAt, keeps the rest; renaming onto a taken name conflicts', async (context) => {
      const store = await openStore(context);
      await store.insertTeam(team({ metadata: { keep: true } }));
      await store.insertTeam(team({ id: 'team-b', name: 'Team B' }));
      const renamed = await store.updateTeam('team-a', { name: 'Renamed', limits: { rpm: 5 } }, DAY0 + 10);
      const expected = team({ name: 'Renamed', limits: { rpm: 5 }, metadata: { keep: true }, updatedAt: DAY0 + 10 });
      assert.deepEqual(renamed, expected);
      assert.deepEqual(await store.getTeam('team-a'), expected);
      assert.deepEqual(await store.updateTeam('team-a', { metadata: {} }, DAY0 + 11), { ...expected, metadata: {}, updatedAt: DAY0 + 11 });
      assert.deepEqual(await store.updateTeam('team-a', {}, DAY0 + 12), { ...expected, metadata: {}, updatedAt: DAY0 + 12 });
      assert.equal(await store.updateTeam('team-none', { name: 'x' }, DAY0), undefined);
      await assert.rejects(store.updateTeam('team-b', { name: 'Renamed' }, DAY0 + 13), StoreConflictError);
      assert.equal((await store.getTeam('team-b'))?.name, 'Team B');
    });

    test('teams: delete answers false for none, conflicts while keys (revoked too) belong to it, succeeds once they left', async (context) => {
      const store = await openStore(context);
      assert.equal(await store.deleteTeam('team-none'), false);
      await store.insertTeam(team());
      await store.insertKey(key({ teamId: 'team-a', revokedAt: DAY0 + 1 }));
      await assert.rejects(store.deleteTeam('team-a'), (error: unknown) => error instanceof StoreConflictError && /team-a/.test(error.message) && /1 key/.test(error.message));
      assert.ok(await store.getTeam('team-a'));
      await store.updateKey('key-a', { teamId: null }, DAY0 + 2);
      assert.equal(await store.deleteTeam('team-a'), true);
      assert.equal(await store.getTeam('team-a'), undefined);
      assert.equal(await store.deleteTeam('team-a'), false);
    });

    test('keys: every field round-trips; absent optional fields come back absent, not undefined', async (context) => {
      const store = await openStore(context);
      await store.insertTeam(team());
      const bare = key();
      const full = key({
        id: 'key-full',
        name: 'app full',
        hash: 'hash-full',
        preview: 'sk-sr-Zz…0000',
        teamId: 'team-a',
        limits: { models: ['chat'], rpm: 60, tpm: 6_000, maxParallel: 2, budgets: [{ period: 'day', limitUsd: 1.25, alertAt: 0.5 }] },
        metadata: { env: 'prod', replicas: 3, labels: { a: 'b' } },
        tags: ['prod', 'billing'],
        expiresAt: DAY0 + 30 * DAY_MS,
        revokedAt: DAY0 + DAY_MS,
        previousHash: 'hash-old',
        previousValidUntil: DAY0 + HOUR_MS,
        createdAt: DAY0 + 5,
        updatedAt: DAY0 + 6,
      });
      await store.insertKey(bare);
      await store.insertKey(full);
      assert.deepEqual(await store.getKey('key-a'), bare);
      assert.deepEqual(Object.keys((await store.getKey('key-a')) ?? {}).sort(), Object.keys(bare).sort());
      assert.deepEqual(await store.getKey('key-full'), full);
      assert.equal(await store.getKey('key-none'), undefined);
    });

    test('keys: a duplicate id, name or hash is a StoreConflictError; a team that does not exist is refused', async (context) => {
      const store = await openStore(context);
      await store.insertKey(key());
      await assert.rejects(store.insertKey(key({ name: 'other', hash: 'other' })), (error: unknown) => error instanceof StoreConflictError && /key-a/.test(error.message));
      await assert.rejects(store.insertKey(key({ id: 'key-b', hash: 'other' })), (error: unknown) => error instanceof StoreConflictError && /app a/.test(error.message));
      await assert.rejects(store.insertKey(key({ id: 'key-b', name: 'other' })), StoreConflictError);
      await assert.rejects(store.insertKey(key({ id: 'key-c', name: 'c', hash: 'c', teamId: 'team-none' })), /team "team-none" does not exist/);
      assert.deepEqual(await store.listKeys({ limit: 10 }), [key()]);
    });

    test('keys: a patch sets fields, null clears the clearable ones, absent fields stay; renaming onto a taken name conflicts', async (context) => {
      const store = await openStore(context);
      await store.insertTeam(team());
      await store.insertKey(key({ metadata: { keep: 1 } }));
      await store.insertKey(key({ id: 'key-b', name: 'app b', hash: 'hash-b' }));

      const set = await store.updateKey(
        'key-a',
        {
          name: 'renamed',
          hash: 'hash-new',
          preview: 'sk-sr-Ne…w000',
          limits: { rpm: 1 },
          tags: ['t'],
          teamId: 'team-a',
          expiresAt: DAY0 + DAY_MS,
          revokedAt: DAY0 + 2,
          previousHash: 'hash-a',
          previousValidUntil: DAY0 + HOUR_MS,
        },
        DAY0 + 3,
      );
      const expected = key({
        name: 'renamed',
        hash: 'hash-new',
        preview: 'sk-sr-Ne…w000',
        limits: { rpm: 1 },
        metadata: { keep: 1 },
        tags: ['t'],
        teamId: 'team-a',
        expiresAt: DAY0 + DAY_MS,
        revokedAt: DAY0 + 2,
        previousHash: 'hash-a',
        previousValidUntil: DAY0 + HOUR_MS,
        updatedAt: DAY0 + 3,
      });
      assert.deepEqual(set, expected);
      assert.deepEqual(await store.getKey('key-a'), expected);

      const cleared = await store.updateKey('key-a', { teamId: null, expiresAt: null, revokedAt: null, previousHash: null, previousValidUntil: null, metadata: {} }, DAY0 + 4);
      assert.deepEqual(cleared, key({ name: 'renamed', hash: 'hash-new', preview: 'sk-sr-Ne…w000', limits: { rpm: 1 }, tags: ['t'], updatedAt: DAY0 + 4 }));
      assert.deepEqual(await store.getKey('key-a'), cleared);

      assert.equal(await store.updateKey('key-none', { name: 'x' }, DAY0), undefined);
      await assert.rejects(store.updateKey('key-b', { name: 'renamed' }, DAY0 + 5), StoreConflictError);
      await assert.rejects(store.updateKey('key-b', { teamId: 'team-none' }, DAY0 + 5), /team "team-none" does not exist/);
      assert.deepEqual(await store.getKey('key-b'), key({ id: 'key-b', name: 'app b', hash: 'hash-b' }));
    });

    test('findKeyByHash: the current hash, or the previous one strictly before previousValidUntil; revoked and expired keys too', async (context) => {
      const store = await openStore(context);
      const rotated = key({ hash: 'hash-new', previousHash: 'hash-old', previousValidUntil: DAY0 + HOUR_MS });
      const revoked = key({ id: 'key-revoked', name: 'revoked', hash: 'hash-revoked', revokedAt: DAY0 - 1, expiresAt: DAY0 - 1 });
      const noDeadline = key({ id: 'key-open', name: 'open', hash: 'hash-open', previousHash: 'hash-open-old' });
      await store.insertKey(rotated);
      await store.insertKey(revoked);
      await store.insertKey(noDeadline);

      assert.deepEqual(await store.findKeyByHash('hash-new', DAY0), rotated);
      assert.deepEqual(await store.findKeyByHash('hash-new', DAY0 + 10 * DAY_MS), rotated);
      assert.deepEqual(await store.findKeyByHash('hash-old', DAY0), rotated);
      assert.deepEqual(await store.findKeyByHash('hash-old', DAY0 + HOUR_MS - 1), rotated);
      assert.equal(await store.findKeyByHash('hash-old', DAY0 + HOUR_MS), undefined);
      assert.equal(await store.findKeyByHash('hash-old', DAY0 + DAY_MS), undefined);
      assert.deepEqual(await store.findKeyByHash('hash-revoked', DAY0), revoked);
      // A previous hash without a deadline is not accepted: the grace period must be stated.
      assert.equal(await store.findKeyByHash('hash-open-old', DAY0), undefined);
      assert.equal(await store.findKeyByHash('hash-none', DAY0), undefined);
    });

    test('listKeys: newest first (createdAt, then id), pages by the last id, filters by team, hides revoked unless asked', async (context) => {
      const store = await openStore(context);
      await store.insertTeam(team());
      // Two pairs share a createdAt: the id breaks the tie.
      const specs: Array<[string, number, string | undefined, boolean]> = [
        ['k1', 1, undefined, false],
        ['k2', 2, 'team-a', false],
        ['k3', 2, undefined, true],
        ['k4', 3, 'team-a', true],
        ['k5', 4, undefined, false],
        ['k6', 4, 'team-a', false],
        ['k7', 5, undefined, false],
      ];
      const keys = specs.map(([id, minute, teamId, isRevoked]) =>
        key({ id, name: id, hash: `hash-${id}`, createdAt: DAY0 + minute * 60_000, ...(teamId === undefined ? {} : { teamId }), ...(isRevoked ? { revokedAt: DAY0 + 9 * 60_000 } : {}) }),
      );
      // Inserted out of order, so the order cannot come from insertion.
      for (const record of [...keys].reverse().filter((_, index) => index % 2 === 0)) await store.insertKey(record);
      for (const record of [...keys].reverse().filter((_, index) => index % 2 === 1)) await store.insertKey(record);
      const ids = (records: KeyRecord[]) => records.map((record) => record.id);

      assert.deepEqual(ids(await store.listKeys({ limit: 10 })), ['k7', 'k6', 'k5', 'k2', 'k1']);
      assert.deepEqual(ids(await store.listKeys({ limit: 10, includeRevoked: true })), ['k7', 'k6', 'k5', 'k4', 'k3', 'k2', 'k1']);
      const firstPage = await store.listKeys({ limit: 3, includeRevoked: true });
      assert.deepEqual(ids(firstPage), ['k7', 'k6', 'k5']);
      const secondPage = await store.listKeys({ limit: 3, includeRevoked: true, before: 'k5' });
      assert.deepEqual(ids(secondPage), ['k4', 'k3', 'k2']);
      assert.deepEqual(ids(await store.listKeys({ limit: 3, includeRevoked: true, before: 'k2' })), ['k1']);
      assert.deepEqual(ids(await store.listKeys({ limit: 3, includeRevoked: true, before: 'k1' })), []);
      assert.deepEqual(ids(await store.listKeys({ limit: 2, before: 'k6' })), ['k5', 'k2']);
      assert.deepEqual(ids(await store.listKeys({ limit: 10, teamId: 'team-a' })), ['k6', 'k2']);
      assert.deepEqual(ids(await store.listKeys({ limit: 10, teamId: 'team-a', includeRevoked: true, before: 'k6' })), ['k4', 'k2']);
      assert.deepEqual(ids(await store.listKeys({ limit: 10, before: 'key-none' })), []);
      assert.deepEqual(secondPage[0], keys[3]);
    });

    test('keysChangedSince and teamsChangedSince: records updated at or after the time, updates included', async (context) => {
      const store = await openStore(context);
      await store.insertTeam(team({ updatedAt: DAY0 }));
      await store.insertTeam(team({ id: 'team-b', name: 'Team B', updatedAt: DAY0 + 100 }));
      await store.insertKey(key({ updatedAt: DAY0 }));
      await store.insertKey(key({ id: 'key-b', name: 'b', hash: 'hash-b', updatedAt: DAY0 + 100 }));
      const ids = (records: Array<{ id: string }>) => records.map((record) => record.id).sort();

      assert.deepEqual(ids(await store.keysChangedSince(DAY0 + 100)), ['key-b']);
      assert.deepEqual(ids(await store.keysChangedSince(DAY0)), ['key-a', 'key-b']);
      assert.deepEqual(await store.keysChangedSince(DAY0 + 101), []);
      assert.deepEqual(ids(await store.teamsChangedSince(DAY0 + 100)), ['team-b']);
      assert.deepEqual(await store.teamsChangedSince(DAY0 + 101), []);

      await store.updateKey('key-a', { revokedAt: DAY0 + 200 }, DAY0 + 200);
      await store.updateTeam('team-a', { limits: { rpm: 1 } }, DAY0 + 200);
      const changedKeys = await store.keysChangedSince(DAY0 + 150);
      assert.deepEqual(changedKeys, [key({ revokedAt: DAY0 + 200, updatedAt: DAY0 + 200 })]);
      assert.deepEqual(await store.teamsChangedSince(DAY0 + 150), [team({ limits: { rpm: 1 }, updatedAt: DAY0 + 200 })]);
    });

    test('credentials: put inserts or replaces by name; get, list by name, delete', async (context) => {
      const store = await openStore(context);
      const openai = { name: 'openai-main', provider: 'openai', ciphertext: 'v1:abc', hint: '1234', createdAt: DAY0, updatedAt: DAY0 };
      const anthropic = { name: 'anthropic', provider: 'anthropic', ciphertext: 'v1:def', hint: '9876', createdAt: DAY0 + 1, updatedAt: DAY0 + 1 };
      await store.putCredential(openai);
      await store.putCredential(anthropic);
      assert.deepEqual(await store.getCredential('openai-main'), openai);
      assert.deepEqual(await store.listCredentials(), [anthropic, openai]);

      const replaced = { ...openai, provider: 'azure', ciphertext: 'v1:xyz', hint: '5555', updatedAt: DAY0 + 9 };
      await store.putCredential(replaced);
      assert.deepEqual(await store.getCredential('openai-main'), replaced);
      assert.equal((await store.listCredentials()).length, 2);

      assert.equal(await store.deleteCredential('openai-main'), true);
      assert.equal(await store.deleteCredential('openai-main'), false);
      assert.equal(await store.getCredential('openai-main'), undefined);
      assert.deepEqual(await store.listCredentials(), [anthropic]);
    });

    test('request log: every field round-trips through getRequestLog; lists leave out the trace and the bodies', async (context) => {
      const store = await openStore(context);
      const full = logRow({
        id: 'req-full',
        clientRequestId: 'client-42',
        at: DAY0 + 1_234,
        endpoint: 'messages',
        keyId: 'key-a',
        teamId: 'team-a',
        model: 'claude',
        deployment: 'anthropic/claude-sonnet-4-5',
        provider: 'anthropic',
        attempts: 2,
        routeReason: 'priority: 1 of 2 (anthropic/claude-sonnet-4-5)',
        stream: true,
        status: 200,
        inputTokens: 1_500,
        outputTokens: 300,
        cachedInputTokens: 1_000,
        cacheWriteInputTokens: 200,
        reasoningTokens: 120,
        // Past 2^32: money needs 64-bit columns.
        costNusd: 2 ** 40 + 7,
        latencyMs: 4_321,
        ttftMs: 210,
        trace: { group: 'claude', candidates: [{ id: 'a', score: 0.5 }], attempts: [{ ok: false, error: 'GW_ERR_X' }, { ok: true }] },
        requestBody: '{"messages":[{"role":"user","content":"hi"}]}',
        responseBody: '{"content":[{"type":"text","text":"hello"}]}',
      });
      const bare = logRow({ id: 'req-bare', at: DAY0 + 1_000, endpoint: 'embeddings', status: 502, errorCode: 'GW_ERR_UPSTREAM_BAD_GATEWAY', errorMessage: 'upstream answered 502' });
      const traceOnly = logRow({ id: 'req-trace', at: DAY0 + 500, trace: ['a', 1] });
      assert.deepEqual(await store.writeRequests([full, bare, traceOnly], { log: true }), { inserted: 3 });

      assert.deepEqual(await store.getRequestLog('req-full'), full);
      assert.deepEqual(await store.getRequestLog('req-bare'), bare);
      assert.deepEqual(Object.keys((await store.getRequestLog('req-bare')) ?? {}).sort(), Object.keys(bare).sort());
      assert.deepEqual(await store.getRequestLog('req-trace'), traceOnly);
      assert.equal(await store.getRequestLog('req-none'), undefined);
      assert.deepEqual(await store.queryRequestLogs({ limit: 10 }), [listed(full), bare, listed(traceOnly)]);
      assert.deepEqual(await store.queryRequestLogs({ limit: 10, clientRequestId: 'client-42' }), [listed(full)]);
      assert.deepEqual(await store.queryRequestLogs({ limit: 10, search: 'ient-4' }), [listed(full)], 'search covers the client id');
    });

    test('writeRequests: a replayed batch counts once; an overlapping one adds only its new rows; duplicates in a batch count once', async (context) => {
      const store = await openStore(context);
      const batch = [
        logRow({ id: 'r1', keyId: 'key-a', costNusd: 100, inputTokens: 1 }),
        logRow({ id: 'r2', keyId: 'key-a', costNusd: 200, inputTokens: 2 }),
        logRow({ id: 'r3', keyId: 'key-b', costNusd: 400, inputTokens: 4 }),
      ];
      assert.deepEqual(await store.writeRequests(batch, { log: true }), { inserted: 3 });
      assert.deepEqual(await store.writeRequests(batch, { log: true }), { inserted: 0 });
      const day = '2025-01-15';
      assert.deepEqual(await store.spendReport({ from: day, to: day, groupBy: [] }), [spend({ requests: 3, costNusd: 700, inputTokens: 7, outputTokens: 60 })]);

      // r3 again with other figures (ignored: the logged row is what counted), r4 new, r4 twice.
      const overlapping = [logRow({ id: 'r3', keyId: 'key-b', costNusd: 9_999 }), logRow({ id: 'r4', keyId: 'key-b', costNusd: 800 }), logRow({ id: 'r4', keyId: 'key-b', costNusd: 800 })];
      assert.deepEqual(await store.writeRequests(overlapping, { log: true }), { inserted: 1 });
      assert.equal(await store.spendSince({ keyId: 'key-b' }, undefined), 1_200);
      assert.equal((await store.getRequestLog('r3'))?.costNusd, 400);
      assert.equal((await store.queryRequestLogs({ limit: 10 })).length, 4);
      assert.deepEqual(await store.writeRequests([], { log: true }), { inserted: 0 });
    });

    test('writeRequests: a batch larger than one statement holds is written whole, totals exact', async (context) => {
      const store = await openStore(context);
      const rows = Array.from({ length: 2_345 }, (_, index) =>
        logRow({ id: `bulk-${String(index).padStart(5, '0')}`, at: DAY0 + index * 1_000, keyId: `key-${index % 7}`, model: `m${index % 3}`, costNusd: index, inputTokens: 1, trace: { index } }),
      );
      assert.deepEqual(await store.writeRequests(rows, { log: true }), { inserted: 2_345 });
      assert.deepEqual(await store.writeRequests(rows.slice(1_000, 2_000), { log: true }), { inserted: 0 });
      const expectedCost = (2_344 * 2_345) / 2;
      assert.deepEqual(await store.spendReport({ from: '2025-01-15', to: '2025-01-15', groupBy: [] }), [spend({ requests: 2_345, costNusd: expectedCost, inputTokens: 2_345, outputTokens: 2_345 * 20 })]);
      const byKey = await store.spendReport({ from: '2025-01-15', to: '2025-01-15', groupBy: ['key'] });
      assert.equal(byKey.length, 7);
      assert.equal(byKey.reduce((sum, row) => sum + row.requests, 0), 2_345);
      assert.deepEqual((await store.getRequestLog('bulk-02000'))?.trace, { index: 2_000 });
    });

    test('writeRequests with log false: totals only, no log rows (and a replay counts again: nothing remembers the ids)', async (context) => {
      const store = await openStore(context);
      const batch = [logRow({ id: 'n1', teamId: 'team-a', costNusd: 50 }), logRow({ id: 'n2', teamId: 'team-a', costNusd: 70, trace: { x: 1 } })];
      assert.deepEqual(await store.writeRequests(batch, { log: false }), { inserted: 2 });
      assert.deepEqual(await store.queryRequestLogs({ limit: 10 }), []);
      assert.equal(await store.getRequestLog('n1'), undefined);
      assert.equal(await store.spendSince({ teamId: 'team-a' }, undefined), 120);
      await store.writeRequests(batch, { log: false });
      assert.equal(await store.spendSince({ teamId: 'team-a' }, undefined), 240);
    });

    test('spendReport: totals by each dimension and by two, over an inclusive day range, scoped to a key or team', async (context) => {
      const store = await openStore(context);
      const dayStart = (offset: number) => DAY0 + offset * DAY_MS;
      const rows = [
        // Day 0 (2025-01-15): the last millisecond of the day still counts for it.
        logRow({ id: 's1', at: dayStart(1) - 1, keyId: 'key-a', teamId: 'team-a', model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', costNusd: 1_000, inputTokens: 10, outputTokens: 1, cachedInputTokens: 5, cacheWriteInputTokens: 2, reasoningTokens: 3 }),
        logRow({ id: 's2', at: dayStart(0), keyId: 'key-b', teamId: 'team-a', model: 'chat', provider: 'anthropic', deployment: 'anthropic/claude', costNusd: 2_000, inputTokens: 20, outputTokens: 2, cachedInputTokens: 0, cacheWriteInputTokens: 7, reasoningTokens: 0 }),
        // Day 1 (2025-01-16): no key, no team, no deployment (a request refused before routing).
        logRow({ id: 's3', at: dayStart(1), model: 'embed', status: 400, costNusd: 0, inputTokens: 0, outputTokens: 0 }),
        logRow({ id: 's4', at: dayStart(1) + 5, keyId: 'key-a', teamId: 'team-a', model: 'embed', provider: 'openai', deployment: 'openai/embed', costNusd: 40, inputTokens: 400, outputTokens: 0 }),
        // Day 3 (2025-01-18).
        logRow({ id: 's5', at: dayStart(3), keyId: 'key-c', teamId: 'team-c', model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', costNusd: 8_000, inputTokens: 80, outputTokens: 8, reasoningTokens: 50 }),
      ];
      await store.writeRequests(rows, { log: true });
      const all = { from: '2025-01-15', to: '2025-01-18' };

      assert.deepEqual(await store.spendReport({ ...all, groupBy: [] }), [
        spend({ requests: 5, costNusd: 11_040, inputTokens: 510, outputTokens: 11, cachedInputTokens: 5, cacheWriteInputTokens: 9, reasoningTokens: 53 }),
      ]);
      assert.deepEqual(await store.spendReport({ ...all, groupBy: ['day'] }), [
        spend({ day: '2025-01-15', requests: 2, costNusd: 3_000, inputTokens: 30, outputTokens: 3, cachedInputTokens: 5, cacheWriteInputTokens: 9, reasoningTokens: 3 }),
        spend({ day: '2025-01-16', requests: 2, costNusd: 40, inputTokens: 400 }),
        spend({ day: '2025-01-18', requests: 1, costNusd: 8_000, inputTokens: 80, outputTokens: 8, reasoningTokens: 50 }),
      ]);
      // '' (no key) sorts first and comes back without keyId.
      assert.deepEqual(await store.spendReport({ ...all, groupBy: ['key'] }), [
        spend({ requests: 1, costNusd: 0 }),
        spend({ keyId: 'key-a', requests: 2, costNusd: 1_040, inputTokens: 410, outputTokens: 1, cachedInputTokens: 5, cacheWriteInputTokens: 2, reasoningTokens: 3 }),
        spend({ keyId: 'key-b', requests: 1, costNusd: 2_000, inputTokens: 20, outputTokens: 2, cacheWriteInputTokens: 7 }),
        spend({ keyId: 'key-c', requests: 1, costNusd: 8_000, inputTokens: 80, outputTokens: 8, reasoningTokens: 50 }),
      ]);
      const brief = (report: SpendReportRow[]) => report.map(({ requests, costNusd, ...rest }) => ({ ...pickDimensions(rest), requests, costNusd }));
      assert.deepEqual(brief(await store.spendReport({ ...all, groupBy: ['team'] })), [
        { requests: 1, costNusd: 0 },
        { teamId: 'team-a', requests: 3, costNusd: 3_040 },
        { teamId: 'team-c', requests: 1, costNusd: 8_000 },
      ]);
      assert.deepEqual(brief(await store.spendReport({ ...all, groupBy: ['model'] })), [
        { model: 'chat', requests: 3, costNusd: 11_000 },
        { model: 'embed', requests: 2, costNusd: 40 },
      ]);
      assert.deepEqual(brief(await store.spendReport({ ...all, groupBy: ['provider'] })), [
        { requests: 1, costNusd: 0 },
        { provider: 'anthropic', requests: 1, costNusd: 2_000 },
        { provider: 'openai', requests: 3, costNusd: 9_040 },
      ]);
      assert.deepEqual(brief(await store.spendReport({ ...all, groupBy: ['deployment'] })), [
        { requests: 1, costNusd: 0 },
        { deployment: 'anthropic/claude', requests: 1, costNusd: 2_000 },
        { deployment: 'openai/embed', requests: 1, costNusd: 40 },
        { deployment: 'openai/gpt-4o', requests: 2, costNusd: 9_000 },
      ]);
      assert.deepEqual(brief(await store.spendReport({ ...all, groupBy: ['day', 'model'] })), [
        { day: '2025-01-15', model: 'chat', requests: 2, costNusd: 3_000 },
        { day: '2025-01-16', model: 'embed', requests: 2, costNusd: 40 },
        { day: '2025-01-18', model: 'chat', requests: 1, costNusd: 8_000 },
      ]);
      // A dimension asked twice is one dimension.
      assert.deepEqual(brief(await store.spendReport({ ...all, groupBy: ['model', 'model'] })).length, 2);

      // Day range bounds are inclusive; a range with nothing answers one zero row, or no group.
      assert.deepEqual(brief(await store.spendReport({ from: '2025-01-16', to: '2025-01-16', groupBy: ['day'] })), [{ day: '2025-01-16', requests: 2, costNusd: 40 }]);
      assert.deepEqual(brief(await store.spendReport({ from: '2025-01-16', to: '2025-01-18', groupBy: [] })), [{ requests: 3, costNusd: 8_040 }]);
      assert.deepEqual(await store.spendReport({ from: '2025-01-17', to: '2025-01-17', groupBy: [] }), [spend({ requests: 0, costNusd: 0 })]);
      assert.deepEqual(await store.spendReport({ from: '2025-01-17', to: '2025-01-17', groupBy: ['day'] }), []);

      // Scoped to a key, a team, or both.
      assert.deepEqual(brief(await store.spendReport({ ...all, keyId: 'key-a', groupBy: ['day'] })), [
        { day: '2025-01-15', requests: 1, costNusd: 1_000 },
        { day: '2025-01-16', requests: 1, costNusd: 40 },
      ]);
      assert.deepEqual(brief(await store.spendReport({ ...all, teamId: 'team-a', groupBy: ['key'] })), [
        { keyId: 'key-a', requests: 2, costNusd: 1_040 },
        { keyId: 'key-b', requests: 1, costNusd: 2_000 },
      ]);
      assert.deepEqual(brief(await store.spendReport({ ...all, teamId: 'team-a', keyId: 'key-b', groupBy: [] })), [{ requests: 1, costNusd: 2_000 }]);
    });

    test('spendSince: per key and per team, from a day on (inclusive) or all time', async (context) => {
      const store = await openStore(context);
      await store.writeRequests(
        [
          logRow({ id: 'a1', at: DAY0, keyId: 'key-a', teamId: 'team-a', costNusd: 1 }),
          logRow({ id: 'a2', at: DAY0 + DAY_MS, keyId: 'key-a', teamId: 'team-a', costNusd: 10 }),
          logRow({ id: 'a3', at: DAY0 + 2 * DAY_MS, keyId: 'key-a', teamId: 'team-a', costNusd: 100 }),
          logRow({ id: 'b1', at: DAY0 + 2 * DAY_MS, keyId: 'key-b', teamId: 'team-a', costNusd: 1_000 }),
          logRow({ id: 'c1', at: DAY0, keyId: 'key-c', costNusd: 10_000 }),
        ],
        { log: true },
      );
      assert.equal(await store.spendSince({ keyId: 'key-a' }, undefined), 111);
      assert.equal(await store.spendSince({ keyId: 'key-a' }, '2025-01-16'), 110);
      assert.equal(await store.spendSince({ keyId: 'key-a' }, '2025-01-17'), 100);
      assert.equal(await store.spendSince({ keyId: 'key-a' }, '2025-01-18'), 0);
      assert.equal(await store.spendSince({ teamId: 'team-a' }, undefined), 1_111);
      assert.equal(await store.spendSince({ teamId: 'team-a' }, '2025-01-17'), 1_100);
      assert.equal(await store.spendSince({ keyId: 'key-c' }, '2025-01-15'), 10_000);
      assert.equal(await store.spendSince({ keyId: 'key-none' }, undefined), 0);
      assert.equal(await store.spendSince({ teamId: 'team-none' }, undefined), 0);
    });

    test('queryRequestLogs: each filter alone and together; from inclusive, to exclusive; status ok, error or one code', async (context) => {
      const store = await openStore(context);
      const rows = [
        logRow({ id: 'q1', at: DAY0 + 1, keyId: 'key-a', teamId: 'team-a', model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', status: 200, routeReason: 'cost: cheapest' }),
        logRow({ id: 'q2', at: DAY0 + 2, keyId: 'key-b', teamId: 'team-a', model: 'chat', provider: 'anthropic', deployment: 'anthropic/claude', status: 429, errorCode: 'GW_ERR_RATE', errorMessage: 'Rate limit of 60 RPM reached' }),
        logRow({ id: 'q3', at: DAY0 + 3, keyId: 'key-a', teamId: 'team-b', model: 'embed', provider: 'openai', deployment: 'openai/embed', status: 200 }),
        logRow({ id: 'q4', at: DAY0 + 4, model: 'chat', status: 400, errorCode: 'GW_ERR_BAD', errorMessage: 'model 100%_sure is unknown' }),
        logRow({ id: 'q5', at: DAY0 + 5, keyId: 'key-a', teamId: 'team-a', model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', status: 502, errorMessage: 'upstream TIMEOUT after 30 s' }),
        logRow({ id: 'q6', at: DAY0 + 6, keyId: 'key-b', model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', status: 201 }),
      ];
      await store.writeRequests(rows, { log: true });
      const ids = async (query: Omit<Parameters<Store['queryRequestLogs']>[0], 'limit'>) => (await store.queryRequestLogs({ limit: 100, ...query })).map((row) => row.id);

      assert.deepEqual(await ids({}), ['q6', 'q5', 'q4', 'q3', 'q2', 'q1']);
      assert.deepEqual(await ids({ from: DAY0 + 2, to: DAY0 + 5 }), ['q4', 'q3', 'q2']);
      assert.deepEqual(await ids({ from: DAY0 + 6 }), ['q6']);
      assert.deepEqual(await ids({ to: DAY0 + 2 }), ['q1']);
      assert.deepEqual(await ids({ keyId: 'key-a' }), ['q5', 'q3', 'q1']);
      assert.deepEqual(await ids({ teamId: 'team-a' }), ['q5', 'q2', 'q1']);
      assert.deepEqual(await ids({ model: 'embed' }), ['q3']);
      assert.deepEqual(await ids({ deployment: 'openai/gpt-4o' }), ['q6', 'q5', 'q1']);
      assert.deepEqual(await ids({ provider: 'openai' }), ['q6', 'q5', 'q3', 'q1']);
      assert.deepEqual(await ids({ status: 'ok' }), ['q6', 'q3', 'q1']);
      assert.deepEqual(await ids({ status: 'error' }), ['q5', 'q4', 'q2']);
      assert.deepEqual(await ids({ status: 429 }), ['q2']);
      assert.deepEqual(await ids({ status: 404 }), []);
      assert.deepEqual(await ids({ keyId: 'key-a', status: 'error', teamId: 'team-a', model: 'chat', provider: 'openai', deployment: 'openai/gpt-4o', from: DAY0, to: DAY0 + 6 }), ['q5']);
      assert.deepEqual(await ids({ keyId: 'key-a', model: 'embed', status: 'error' }), []);
      assert.deepEqual((await store.queryRequestLogs({ limit: 2, keyId: 'key-a' })).map((row) => row.id), ['q5', 'q3']);
    });

    test('queryRequestLogs search: a substring of the id, route reason or error message, ignoring ASCII case; % and _ are plain characters', async (context) => {
      const store = await openStore(context);
      await store.writeRequests(
        [
          logRow({ id: 'req-alpha-1', at: DAY0 + 1, routeReason: 'cost: cheapest of 3' }),
          logRow({ id: 'req-beta-2', at: DAY0 + 2, errorMessage: 'Upstream timeout after 30 s', status: 504 }),
          logRow({ id: 'req-gamma-3', at: DAY0 + 3, errorMessage: 'budget 100% used', status: 402 }),
          logRow({ id: 'req-delta-4', at: DAY0 + 4, routeReason: 'priority_1' }),
          logRow({ id: 'req-epsilon-5', at: DAY0 + 5, routeReason: 'priorityX1' }),
        ],
        { log: true },
      );
      const search = async (text: string, extra: { keyId?: string } = {}) => (await store.queryRequestLogs({ limit: 10, search: text, ...extra })).map((row) => row.id);
      assert.deepEqual(await search('alpha'), ['req-alpha-1']);
      assert.deepEqual(await search('CHEAPEST'), ['req-alpha-1']);
      assert.deepEqual(await search('TimeOut'), ['req-beta-2']);
      assert.deepEqual(await search('100%'), ['req-gamma-3']);
      assert.deepEqual(await search('%'), ['req-gamma-3']);
      assert.deepEqual(await search('priority_'), ['req-delta-4']);
      assert.deepEqual(await search('req-'), ['req-epsilon-5', 'req-delta-4', 'req-gamma-3', 'req-beta-2', 'req-alpha-1']);
      assert.deepEqual(await search('nothing like it'), []);
      assert.deepEqual(await search('alpha', { keyId: 'key-none' }), []);
    });

    test('queryRequestLogs pages by (at, id): the pages join into the whole list, rows sharing a time included', async (context) => {
      const store = await openStore(context);
      // Pairs share a millisecond; ids chosen so their order is the same in every collation.
      const rows = Array.from({ length: 11 }, (_, index) => logRow({ id: `p${String(index).padStart(2, '0')}`, at: DAY0 + Math.floor(index / 2), keyId: index % 3 === 0 ? 'key-x' : 'key-y' }));
      await store.writeRequests(rows, { log: true });
      const expected = [...rows].sort((left, right) => right.at - left.at || (left.id < right.id ? 1 : -1)).map((row) => row.id);

      const pages: string[][] = [];
      let before: { at: number; id: string } | undefined;
      for (;;) {
        const page = await store.queryRequestLogs({ limit: 3, ...(before === undefined ? {} : { before }) });
        if (page.length === 0) break;
        pages.push(page.map((row) => row.id));
        const last = page[page.length - 1]!;
        before = { at: last.at, id: last.id };
      }
      assert.deepEqual(pages.flat(), expected);
      assert.deepEqual(pages.map((page) => page.length), [3, 3, 3, 2]);

      const filtered = await store.queryRequestLogs({ limit: 2, keyId: 'key-y', before: { at: DAY0 + 3, id: 'p07' } });
      assert.deepEqual(filtered.map((row) => row.id), ['p05', 'p04']);
      assert.deepEqual((await store.queryRequestLogs({ limit: 10, before: { at: DAY0 + 3, id: 'p07' }, from: DAY0 + 2 })).map((row) => row.id), ['p06', 'p05', 'p04']);
    });

    test('deleteRequestLogsBefore: at most `limit` of the oldest rows before the time, their details with them; totals stay', async (context) => {
      const store = await openStore(context);
      const rows = Array.from({ length: 10 }, (_, index) => logRow({ id: `old-${index}`, at: DAY0 + index * HOUR_MS, costNusd: 5, trace: { index }, requestBody: `body ${index}` }));
      await store.writeRequests(rows, { log: true });
      const cutoff = DAY0 + 7 * HOUR_MS;

      assert.equal(await store.deleteRequestLogsBefore(cutoff, 3), 3);
      assert.deepEqual((await store.queryRequestLogs({ limit: 20 })).map((row) => row.id).reverse(), ['old-3', 'old-4', 'old-5', 'old-6', 'old-7', 'old-8', 'old-9']);
      assert.equal(await store.deleteRequestLogsBefore(cutoff, 3), 3);
      assert.equal(await store.deleteRequestLogsBefore(cutoff, 3), 1);
      assert.equal(await store.deleteRequestLogsBefore(cutoff, 3), 0);
      assert.equal(await store.deleteRequestLogsBefore(cutoff, 0), 0);
      // The row at exactly the cutoff stays.
      assert.deepEqual((await store.queryRequestLogs({ limit: 20 })).map((row) => row.id), ['old-9', 'old-8', 'old-7']);
      assert.equal(await store.getRequestLog('old-0'), undefined);
      assert.equal((await store.getRequestLog('old-7'))?.requestBody, 'body 7');

      // The details went with their rows: the same id written again has none left over.
      await store.writeRequests([logRow({ id: 'old-0', at: DAY0 })], { log: true });
      assert.deepEqual(await store.getRequestLog('old-0'), logRow({ id: 'old-0', at: DAY0 }));
      // Reports read the totals, which retention leaves alone (the re-written old-0 counted again).
      assert.deepEqual(await store.spendReport({ from: '2025-01-15', to: '2025-01-15', groupBy: [] }), [spend({ requests: 11, costNusd: 5 * 10 + 1_000, inputTokens: 110, outputTokens: 220 })]);
    });

    feedbackConformance(openStore);
    requestStatsConformance(openStore);
  });
}

function pickDimensions(row: Partial<SpendReportRow>): Partial<SpendReportRow> {
  const picked: Partial<SpendReportRow> = {};
  for (const field of ['day', 'keyId', 'teamId', 'model', 'provider', 'deployment'] as const) if (row[field] !== undefined) picked[field] = row[field];
  return picked;
}
