import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashSecret } from '../../governance/key-secret.js';
import type { RequestLogRow } from '../../store/store-port.js';
import { startAdminServer, type RunningAdminServer } from './__fixtures__/start-admin-server.js';
import { KeyJson, KeyListJson, NewKeyJson } from './admin-output-schemas.js';

/** /admin/keys against a real HTTP server and a real SQLite store; every answer is parsed with its documented schema. */
let server: RunningAdminServer;

before(async () => {
  server = await startAdminServer();
});
after(() => server.close());

let names = 0;
const uniqueName = (prefix: string): string => `${prefix}-${++names}`;

async function createKey(body: Record<string, unknown> = {}): Promise<{ key: string; id: string; body: any }> {
  const response = await server.call('POST', '/admin/keys', { name: uniqueName('key'), ...body });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const parsed = NewKeyJson.parse(response.body);
  return { key: parsed.key, id: parsed.id, body: response.body };
}

function spendRow(id: string, at: number, keyId: string, costNusd: number, teamId?: string): RequestLogRow {
  return {
    id,
    at,
    endpoint: 'chat',
    keyId,
    ...(teamId === undefined ? {} : { teamId }),
    model: 'chat',
    deployment: 'openai/gpt-4o-mini',
    provider: 'openai',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd,
    latencyMs: 30,
  };
}

test('POST /admin/keys answers the secret once, stores only its hash, and keeps the limits', async () => {
  const changesBefore = server.changes.keys;
  const expires = new Date(server.clock.now + 30 * 86_400_000).toISOString();
  const { key, id, body } = await createKey({
    models: ['chat', 'embed'],
    rpm: 600,
    tpm: 100_000,
    max_parallel: 4,
    budgets: [
      { period: 'month', limit_usd: 50, alert_at: 0.8 },
      { period: 'day', limit_usd: 5 },
    ],
    metadata: { owner: 'data-team', cost_center: 42 },
    tags: ['prod', 'batch'],
    expires_at: expires,
  });
  assert.match(key, /^sk-sr-[A-Za-z0-9_-]{43}$/);
  assert.equal(server.changes.keys, changesBefore + 1);
  assert.equal(body.preview, `${key.slice(0, 9)}…${key.slice(-4)}`);
  assert.deepEqual(body.models, ['chat', 'embed']);
  assert.equal(body.rpm, 600);
  assert.equal(body.tpm, 100_000);
  assert.equal(body.max_parallel, 4);
  assert.deepEqual(body.budgets, [
    { period: 'month', limit_usd: 50, alert_at: 0.8 },
    { period: 'day', limit_usd: 5, alert_at: null },
  ]);
  assert.deepEqual(body.metadata, { owner: 'data-team', cost_center: 42 });
  assert.deepEqual(body.tags, ['prod', 'batch']);
  assert.equal(body.expires_at, expires);
  assert.equal(body.revoked_at, null);
  assert.equal(body.created_at, new Date(server.clock.now).toISOString());
  assert.equal(body.team_id, null);

  const stored = await server.store.findKeyByHash(hashSecret(key), server.clock.now);
  assert.equal(stored?.id, id);
  assert.ok(!JSON.stringify(stored).includes(key), 'the store must not hold the secret');
  assert.deepEqual(stored!.limits, {
    models: ['chat', 'embed'],
    rpm: 600,
    tpm: 100_000,
    maxParallel: 4,
    budgets: [
      { period: 'month', limitUsd: 50, alertAt: 0.8 },
      { period: 'day', limitUsd: 5 },
    ],
  });

  const fetched = await server.call('GET', `/admin/keys/${id}`);
  assert.equal(fetched.status, 200);
  const parsed = KeyJson.parse(fetched.body);
  assert.ok(!('key' in parsed), 'GET never answers the secret');
  assert.ok(!JSON.stringify(fetched.body).includes(key));
});

test('budget_status reports the spend the database has for the current period of each budget', async () => {
  const { id } = await createKey({
    budgets: [
      { period: 'day', limit_usd: 1 },
      { period: 'month', limit_usd: 10 },
      { period: 'total', limit_usd: 100 },
    ],
  });
  const now = server.clock.now; // 2026-01-14T12:00Z, a Wednesday
  await server.store.writeRequests(
    [
      spendRow(`${id}-today`, now - 3_600_000, id, 123_456_789),
      spendRow(`${id}-this-month`, Date.UTC(2026, 0, 2), id, 1_000_000_000),
      spendRow(`${id}-last-year`, Date.UTC(2025, 11, 31), id, 2_000_000_001),
    ],
    { log: true },
  );
  const response = await server.call('GET', `/admin/keys/${id}`);
  assert.deepEqual(KeyJson.parse(response.body).budget_status, [
    { period: 'day', limit_usd: 1, spent_usd: 0.123456789, resets_at: '2026-01-15T00:00:00.000Z' },
    { period: 'month', limit_usd: 10, spent_usd: 1.123456789, resets_at: '2026-02-01T00:00:00.000Z' },
    { period: 'total', limit_usd: 100, spent_usd: 3.12345679, resets_at: null },
  ]);
});

test('a key can belong to a team only if the team exists', async () => {
  const missing = await server.call('POST', '/admin/keys', { name: uniqueName('orphan'), team_id: 'team_nope' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.skyroute_code, 'GW_ERR_ADMIN_INVALID');
  assert.equal(missing.body.error.param, 'team_id');
  assert.match(missing.body.error.message, /no team has the id "team_nope"/);

  const team = await server.call('POST', '/admin/teams', { name: uniqueName('team') });
  const { body } = await createKey({ team_id: team.body.id });
  assert.equal(body.team_id, team.body.id);
});

test('a key name is unique: a second key with the same name is a 409 that says so', async () => {
  const name = uniqueName('twin');
  assert.equal((await server.call('POST', '/admin/keys', { name })).status, 201);
  const second = await server.call('POST', '/admin/keys', { name });
  assert.equal(second.status, 409);
  assert.equal(second.body.error.skyroute_code, 'GW_ERR_ADMIN_CONFLICT');
  assert.match(second.body.error.message, new RegExp(`named "${name}" already exists`));
});

test('GET /admin/keys pages newest first, filters by team and hides revoked keys unless asked', async () => {
  const team = (await server.call('POST', '/admin/teams', { name: uniqueName('paging') })).body.id as string;
  const ids: string[] = [];
  for (let index = 0; index < 5; index++) {
    server.clock.now += 1000;
    ids.push((await createKey({ team_id: team })).id);
  }
  await server.call('POST', `/admin/keys/${ids[2]}/revoke`);

  const seen: string[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const response = await server.call('GET', `/admin/keys?team_id=${team}&limit=2${before === null ? '' : `&before=${before}`}`);
    assert.equal(response.status, 200);
    const page = KeyListJson.parse(response.body);
    assert.ok(page.data.length <= 2);
    seen.push(...page.data.map((key) => key.id));
    before = page.next_before;
    pages++;
  } while (before !== null && pages < 10);
  assert.deepEqual(seen, [ids[4], ids[3], ids[1], ids[0]]);
  assert.equal(pages, 2, 'the last full page says there is no next one');

  const all = KeyListJson.parse((await server.call('GET', `/admin/keys?team_id=${team}&include_revoked=true`)).body);
  assert.deepEqual(
    all.data.map((key) => key.id),
    [...ids].reverse(),
  );
  assert.equal(all.next_before, null);
  assert.ok(all.data.find((key) => key.id === ids[2])!.revoked_at !== null);

  const everyone = KeyListJson.parse((await server.call('GET', '/admin/keys?limit=500&include_revoked=true&team_id=&before=')).body);
  assert.ok(everyone.data.length > all.data.length, 'without team_id (an empty one is none), keys of every team and none');
});

test('PATCH /admin/keys/{id} changes the given fields, keeps the absent ones, and null clears', async () => {
  const team = (await server.call('POST', '/admin/teams', { name: uniqueName('patch') })).body.id as string;
  const { id } = await createKey({
    team_id: team,
    models: ['chat'],
    rpm: 10,
    tpm: 1000,
    budgets: [{ period: 'week', limit_usd: 7 }],
    metadata: { a: 1 },
    tags: ['x'],
    expires_at: '2027-01-01T00:00:00Z',
  });
  server.clock.now += 5000;
  const changed = await server.call('PATCH', `/admin/keys/${id}`, { rpm: 20, name: uniqueName('renamed'), tags: ['y', 'z'] });
  assert.equal(changed.status, 200);
  const key = KeyJson.parse(changed.body);
  assert.equal(key.rpm, 20);
  assert.equal(key.tpm, 1000);
  assert.deepEqual(key.models, ['chat']);
  assert.deepEqual(key.tags, ['y', 'z']);
  assert.equal(key.team_id, team);
  assert.equal(key.updated_at, new Date(server.clock.now).toISOString());

  const cleared = KeyJson.parse(
    (
      await server.call('PATCH', `/admin/keys/${id}`, {
        team_id: null,
        models: null,
        rpm: null,
        budgets: null,
        metadata: null,
        tags: null,
        expires_at: null,
      })
    ).body,
  );
  assert.equal(cleared.team_id, null);
  assert.equal(cleared.models, null);
  assert.equal(cleared.rpm, null);
  assert.equal(cleared.tpm, 1000, 'tpm was absent: unchanged');
  assert.deepEqual(cleared.budgets, []);
  assert.deepEqual(cleared.metadata, {});
  assert.deepEqual(cleared.tags, []);
  assert.equal(cleared.expires_at, null);
  const stored = await server.store.getKey(id);
  assert.deepEqual(stored!.limits, { tpm: 1000 });
  assert.equal(stored!.teamId, undefined);
  assert.equal(stored!.expiresAt, undefined);

  const missing = await server.call('PATCH', '/admin/keys/key_missing', { rpm: 1 });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.skyroute_code, 'GW_ERR_ADMIN_NOT_FOUND');
});

test('revoking by id sets revoked_at once; revoking again keeps the first time', async () => {
  const { id, key } = await createKey();
  const first = await server.call('POST', `/admin/keys/${id}/revoke`);
  assert.equal(first.status, 200);
  const revokedAt = KeyJson.parse(first.body).revoked_at;
  assert.equal(revokedAt, new Date(server.clock.now).toISOString());
  server.clock.now += 60_000;
  const second = await server.call('POST', `/admin/keys/${id}/revoke`);
  assert.equal(KeyJson.parse(second.body).revoked_at, revokedAt);
  assert.equal((await server.store.findKeyByHash(hashSecret(key), server.clock.now))?.revokedAt, Date.parse(revokedAt!));

  const missing = await server.call('POST', '/admin/keys/key_missing/revoke');
  assert.equal(missing.status, 404);
});

test('revoking by the secret itself finds the key by its hash', async () => {
  const { id, key } = await createKey();
  const response = await server.call('POST', '/admin/keys/revoke', { key });
  assert.equal(response.status, 200);
  const revoked = KeyJson.parse(response.body);
  assert.equal(revoked.id, id);
  assert.equal(revoked.revoked_at, new Date(server.clock.now).toISOString());

  const unknown = await server.call('POST', '/admin/keys/revoke', { key: 'sk-sr-not-a-key-anyone-has-0000' });
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.error.message, /ending in "0000"/);

  const notOurs = await server.call('POST', '/admin/keys/revoke', { key: 'sk-proj-abc' });
  assert.equal(notOurs.status, 400);
  assert.equal(notOurs.body.error.param, 'key');
});

test('rotate gives a new secret; the old one works until the grace period ends, then not', async () => {
  const { id, key: oldSecret } = await createKey();
  const rotatedAt = server.clock.now;
  const response = await server.call('POST', `/admin/keys/${id}/rotate`, { grace_seconds: 3600 });
  assert.equal(response.status, 200);
  const rotated = NewKeyJson.parse(response.body);
  assert.notEqual(rotated.key, oldSecret);
  assert.equal(rotated.previous_valid_until, new Date(rotatedAt + 3_600_000).toISOString());
  assert.equal(rotated.preview, `${rotated.key.slice(0, 9)}…${rotated.key.slice(-4)}`);

  const oldHash = hashSecret(oldSecret);
  assert.equal((await server.store.findKeyByHash(hashSecret(rotated.key), rotatedAt))?.id, id);
  assert.equal((await server.store.findKeyByHash(oldHash, rotatedAt + 3_599_999))?.id, id, 'old secret inside the grace period');
  assert.equal(await server.store.findKeyByHash(oldHash, rotatedAt + 3_600_000), undefined, 'old secret after the grace period');

  // Without a grace period the secret before stops at once.
  const again = NewKeyJson.parse((await server.call('POST', `/admin/keys/${id}/rotate`)).body);
  assert.equal(again.previous_valid_until, null);
  assert.equal(await server.store.findKeyByHash(hashSecret(rotated.key), rotatedAt), undefined);
  assert.equal(await server.store.findKeyByHash(oldHash, rotatedAt), undefined, 'the older secret lost its grace too');
  assert.equal((await server.store.findKeyByHash(hashSecret(again.key), rotatedAt))?.id, id);
});

test('revoking the previous secret of a rotated key ends its grace period and leaves the new secret working', async () => {
  const { id, key: oldSecret } = await createKey();
  const rotated = NewKeyJson.parse((await server.call('POST', `/admin/keys/${id}/rotate`, { grace_seconds: 600 })).body);
  const response = await server.call('POST', '/admin/keys/revoke', { key: oldSecret });
  assert.equal(response.status, 200);
  const key = KeyJson.parse(response.body);
  assert.equal(key.revoked_at, null);
  assert.equal(key.previous_valid_until, null);
  assert.equal(await server.store.findKeyByHash(hashSecret(oldSecret), server.clock.now), undefined);
  assert.equal((await server.store.findKeyByHash(hashSecret(rotated.key), server.clock.now))?.revokedAt, undefined);
});

test('a revoked key cannot be rotated, and grace_seconds is checked', async () => {
  const { id } = await createKey();
  const negative = await server.call('POST', `/admin/keys/${id}/rotate`, { grace_seconds: -1 });
  assert.equal(negative.status, 400);
  assert.equal(negative.body.error.param, 'grace_seconds');
  await server.call('POST', `/admin/keys/${id}/revoke`);
  const response = await server.call('POST', `/admin/keys/${id}/rotate`, {});
  assert.equal(response.status, 400);
  assert.match(response.body.error.message, /revoked.*create a new key/);
});
