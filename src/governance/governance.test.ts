import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConfigSchema } from '../config/config-schema.js';
import { GatewayError } from '../spec/gateway-error.js';
import { createMemoryState } from '../state/memory/create-memory-state.js';
import { createStore } from '../store/create-store.js';
import type { KeyRecord, Limits, Store, TeamRecord } from '../store/store-port.js';
import { createLogger } from '../telemetry/create-logger.js';
import { Governance, type AdmissionRequest } from './governance.js';
import { KeyDirectory } from './key-directory.js';
import { generateKeySecret, hashSecret, newRecordId } from './key-secret.js';

const MASTER = 'master-key-0123456789';
const governanceConfig = ConfigSchema.parse({}).governance;
let store: Store;

before(async () => {
  store = await createStore(':memory:');
});
after(async () => {
  await store.close();
});

function clock(start = Date.parse('2026-11-22T12:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function makeKey(limits: Limits, extra: Partial<KeyRecord> = {}): Promise<{ secret: string; key: KeyRecord }> {
  const secret = generateKeySecret();
  const key: KeyRecord = { id: newRecordId('key'), name: `app-${Math.random().toString(36).slice(2, 8)}`, hash: secret.hash, preview: secret.preview, limits, metadata: {}, tags: [], createdAt: 1, updatedAt: 1, ...extra };
  await store.insertKey(key);
  return { secret: secret.secret, key };
}

function setUp(options: { when?: Partial<typeof governanceConfig.when_state_unavailable>; statics?: string[] } = {}) {
  const time = clock();
  const state = createMemoryState({ now: time.now });
  const directory = new KeyDirectory({ store, refreshMs: 1_000_000, now: time.now });
  const stateErrors: unknown[] = [];
  const governance = new Governance({
    state,
    store,
    directory,
    logger: createLogger({ level: 'silent' }),
    now: time.now,
    onStateError: (error) => stateErrors.push(error),
    settings: () => ({
      masterKeyHash: hashSecret(MASTER),
      staticKeyHashes: new Set((options.statics ?? []).map(hashSecret)),
      governance: { ...governanceConfig, when_state_unavailable: { ...governanceConfig.when_state_unavailable, ...options.when } },
    }),
  });
  return { governance, state, directory, time, stateErrors };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const request = (overrides: Partial<AdmissionRequest> = {}): AdmissionRequest => ({ requestId: `r${Math.random()}`, promptTokens: 100, outputTokens: 50, maxCostNusd: 1_000, leaseMs: 60_000, ...overrides });

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GatewayError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

test('authentication: master, static, virtual, unknown, revoked, expired, rotated', async () => {
  const { governance, time } = setUp({ statics: ['static-client-key'] });
  assert.equal((await governance.authenticate(bearer(MASTER))).kind, 'master');
  assert.equal((await governance.authenticate({ 'x-api-key': 'static-client-key' })).kind, 'static');
  assert.equal((await refusal(governance.authenticate({}))).code, 'GW_ERR_AUTH_MISSING_KEY');
  assert.equal((await refusal(governance.authenticate(bearer('sk-sr-nobody-has-this')))).code, 'GW_ERR_AUTH_INVALID_KEY');

  const { secret, key } = await makeKey({});
  const principal = await governance.authenticate(bearer(secret));
  assert.equal(principal.kind, 'virtual');
  assert.equal(principal.kind === 'virtual' && principal.key.id, key.id);

  const revoked = await makeKey({}, { revokedAt: time.now() - 1000 });
  const revokedError = await refusal(governance.authenticate(bearer(revoked.secret)));
  assert.equal(revokedError.code, 'GW_ERR_AUTH_KEY_REVOKED');
  assert.match(revokedError.message, new RegExp(`"${revoked.key.name}".*was revoked at 2026-11-22T11:59:59`));

  const expired = await makeKey({}, { expiresAt: time.now() });
  assert.equal((await refusal(governance.authenticate(bearer(expired.secret)))).code, 'GW_ERR_AUTH_KEY_EXPIRED');

  const old = generateKeySecret();
  const rotated = await makeKey({}, { previousHash: old.hash, previousValidUntil: time.now() + 60_000 });
  assert.equal((await governance.authenticate(bearer(old.secret))).kind, 'virtual', 'the old secret works during the grace period');
  time.advance(60_000);
  assert.equal((await refusal(governance.authenticate(bearer(old.secret)))).code, 'GW_ERR_AUTH_INVALID_KEY', 'and not after it');
  assert.equal((await governance.authenticate(bearer(rotated.secret))).kind, 'virtual');
});

test('a revocation made elsewhere reaches this replica at its next refresh', async () => {
  const { governance, directory, time } = setUp();
  const { secret, key } = await makeKey({});
  assert.equal((await governance.authenticate(bearer(secret))).kind, 'virtual');
  await store.updateKey(key.id, { revokedAt: time.now() }, time.now());
  assert.equal((await governance.authenticate(bearer(secret))).kind, 'virtual', 'still cached before the refresh');
  await directory.refreshNow();
  assert.equal((await refusal(governance.authenticate(bearer(secret)))).code, 'GW_ERR_AUTH_KEY_REVOKED');
});

test('RPM: the 4th request in a minute of a 3 RPM key is refused with retry-after, and the minute slides', async () => {
  const { governance, time } = setUp();
  const { secret } = await makeKey({ rpm: 3 });
  const principal = await governance.authenticate(bearer(secret));
  for (let index = 0; index < 3; index++) (await governance.admit(principal, request())).settle({ tokens: 10, costNusd: 0 });
  const error = await refusal(governance.admit(principal, request()));
  assert.equal(error.code, 'GW_ERR_KEY_RATE_LIMITED');
  assert.equal(error.status, 429);
  assert.match(error.message, /allows 3 requests per minute; there is room again in \d+ s/);
  // Two fixed windows weighted by overlap: from a window's start, room comes back 20 s into the next one.
  assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds >= 1 && error.retryAfterSeconds <= 120, String(error.retryAfterSeconds));
  time.advance(120_000);
  await governance.admit(principal, request());
});

test('TPM holds prompt + max output until settled with the real count', async () => {
  const { governance } = setUp();
  const { secret } = await makeKey({ tpm: 1_000 });
  const principal = await governance.authenticate(bearer(secret));
  const first = await governance.admit(principal, request({ promptTokens: 300, outputTokens: 300 }));
  await refusal(governance.admit(principal, request({ promptTokens: 300, outputTokens: 200 })));
  first.settle({ tokens: 100, costNusd: 0 });
  await governance.flushSettlements();
  await governance.admit(principal, request({ promptTokens: 400, outputTokens: 400 }));
});

test('max parallel: a place frees when the request settles', async () => {
  const { governance } = setUp();
  const { secret } = await makeKey({ maxParallel: 2 });
  const principal = await governance.authenticate(bearer(secret));
  const first = await governance.admit(principal, request());
  await governance.admit(principal, request());
  assert.equal((await refusal(governance.admit(principal, request()))).code, 'GW_ERR_KEY_TOO_MANY_PARALLEL');
  first.settle({ tokens: 0, costNusd: 0 });
  await governance.flushSettlements();
  await governance.admit(principal, request());
});

test('budgets: reserve the most a request may cost, keep what it did cost, refuse past the limit with the reset time', async () => {
  const { governance } = setUp();
  const { secret, key } = await makeKey({ budgets: [{ period: 'month', limitUsd: 0.00001 }] }); // 10,000 nano-dollars
  const principal = await governance.authenticate(bearer(secret));
  const held = await governance.admit(principal, request({ maxCostNusd: 6_000 }));
  const error = await refusal(governance.admit(principal, request({ maxCostNusd: 6_000 })));
  assert.equal(error.code, 'GW_ERR_BUDGET_EXCEEDED');
  assert.equal(error.status, 402);
  assert.match(error.message, new RegExp(`key "${key.name}" has spent or reserved \\$0\\.00000600 of its monthly budget of \\$0\\.0000100.*resets at 2026-12-01T00:00:00\\.000Z`));
  held.settle({ tokens: 10, costNusd: 2_000 });
  await governance.flushSettlements();
  await governance.admit(principal, request({ maxCostNusd: 6_000 })); // 2,000 spent + 6,000 held ≤ 10,000
  await refusal(governance.admit(principal, request({ maxCostNusd: 6_000 })));
});

test('a budget counter starts from the spend the store has for the period', async () => {
  const { governance, time } = setUp();
  const { secret, key } = await makeKey({ budgets: [{ period: 'day', limitUsd: 0.00001 }] });
  const row = { at: time.now(), endpoint: 'chat' as const, keyId: key.id, model: 'm', attempts: 1, stream: false, status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0, latencyMs: 1 };
  await store.writeRequests([{ ...row, id: `${key.id}-a`, costNusd: 9_000 }, { ...row, id: `${key.id}-b`, at: time.now() - 86_400_000, costNusd: 50_000 }], { log: true });
  const principal = await governance.authenticate(bearer(secret));
  assert.equal((await refusal(governance.admit(principal, request({ maxCostNusd: 2_000 })))).code, 'GW_ERR_BUDGET_EXCEEDED', 'today already has 9,000 of 10,000');
  await governance.admit(principal, request({ maxCostNusd: 1_000 }));
});

test('a team\'s limits apply to all its keys together; a refused request takes nothing from any check', async () => {
  const { governance, state } = setUp();
  const team: TeamRecord = { id: newRecordId('team'), name: 'search', limits: { rpm: 2 }, metadata: {}, createdAt: 1, updatedAt: 1 };
  await store.insertTeam(team);
  const one = await makeKey({ maxParallel: 5 }, { teamId: team.id });
  const two = await makeKey({}, { teamId: team.id });
  const first = await governance.authenticate(bearer(one.secret));
  const second = await governance.authenticate(bearer(two.secret));
  assert.equal(second.kind === 'virtual' && second.team?.name, 'search');
  await governance.admit(first, request());
  await governance.admit(second, request());
  const error = await refusal(governance.admit(first, request()));
  assert.match(error.message, /team "search" allows 2 requests per minute/);
  assert.equal(await state.countLeases(`gov:par:key:${one.key.id}`), 1, 'the refused request holds no parallel place');
});

test('state port down: budgets refused (503) and rate limits let through, by default; both reported', async () => {
  const { governance, state, stateErrors } = setUp();
  const { secret } = await makeKey({ rpm: 10, budgets: [{ period: 'day', limitUsd: 1 }] });
  const rateOnly = await makeKey({ rpm: 10 });
  const principal = await governance.authenticate(bearer(secret));
  const ratePrincipal = await governance.authenticate(bearer(rateOnly.secret));
  const failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');
  for (const method of ['admitAll', 'settleAll', 'seedCounter'] as const) {
    (state as unknown as Record<string, unknown>)[method] = () => Promise.reject(failure);
  }
  const error = await refusal(governance.admit(principal, request()));
  assert.equal(error.code, 'GW_ERR_GOVERNANCE_UNAVAILABLE');
  assert.equal(error.status, 503);
  assert.match(error.message, /Budgets cannot be checked: the shared state does not answer \(connect ECONNREFUSED/);
  await governance.admit(ratePrincipal, request());
  assert.ok(stateErrors.length >= 2);
  assert.ok(stateErrors.every((reported) => reported === failure));
});
