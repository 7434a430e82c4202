import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAdminServer, type RunningAdminServer } from './__fixtures__/start-admin-server.js';
import { CredentialJson, CredentialListJson, DeletedCredentialJson, DeletedTeamJson, TeamJson, TeamListJson } from './admin-output-schemas.js';

/** /admin/teams and /admin/credentials against a real HTTP server and a real SQLite store. */
let server: RunningAdminServer;

before(async () => {
  server = await startAdminServer();
});
after(() => server.close());

test('teams: create, list, get, update (null clears), delete', async () => {
  const changes = server.changes.keys;
  const created = await server.call('POST', '/admin/teams', {
    name: 'research',
    models: ['chat'],
    rpm: 1000,
    max_parallel: 8,
    budgets: [{ period: 'month', limit_usd: 500, alert_at: 0.9 }],
    metadata: { lead: 'ada' },
  });
  assert.equal(created.status, 201);
  const team = TeamJson.parse(created.body);
  assert.match(team.id, /^team_/);
  assert.equal(team.rpm, 1000);
  assert.deepEqual(team.budget_status, [{ period: 'month', limit_usd: 500, spent_usd: 0, resets_at: '2026-02-01T00:00:00.000Z' }]);
  assert.equal(server.changes.keys, changes + 1, 'a team change refreshes the key caches too');

  const list = TeamListJson.parse((await server.call('GET', '/admin/teams')).body);
  assert.deepEqual(
    list.data.map((entry) => entry.name),
    ['research'],
  );
  assert.deepEqual(TeamJson.parse((await server.call('GET', `/admin/teams/${team.id}`)).body), team);

  server.clock.now += 1000;
  const updated = TeamJson.parse((await server.call('PATCH', `/admin/teams/${team.id}`, { name: 'research-2', rpm: null, budgets: [] })).body);
  assert.equal(updated.name, 'research-2');
  assert.equal(updated.rpm, null);
  assert.equal(updated.max_parallel, 8);
  assert.deepEqual(updated.models, ['chat']);
  assert.deepEqual(updated.budgets, []);
  assert.deepEqual(updated.metadata, { lead: 'ada' });
  assert.equal(updated.updated_at, new Date(server.clock.now).toISOString());
  assert.deepEqual((await server.store.getTeam(team.id))!.limits, { models: ['chat'], maxParallel: 8 });

  const deleted = await server.call('DELETE', `/admin/teams/${team.id}`);
  assert.equal(deleted.status, 200);
  assert.deepEqual(DeletedTeamJson.parse(deleted.body), { id: team.id, deleted: true });
  assert.equal(await server.store.getTeam(team.id), undefined);
  assert.equal((await server.call('GET', `/admin/teams/${team.id}`)).status, 404);
  assert.equal((await server.call('DELETE', `/admin/teams/${team.id}`)).status, 404);
  assert.equal((await server.call('PATCH', `/admin/teams/${team.id}`, { rpm: 1 })).status, 404);
});

test('a team that still has keys (revoked ones too) is not deleted: 409 saying how to move them', async () => {
  const team = (await server.call('POST', '/admin/teams', { name: 'ops' })).body.id as string;
  const key = (await server.call('POST', '/admin/keys', { name: 'ops-bot', team_id: team })).body.id as string;
  await server.call('POST', `/admin/keys/${key}/revoke`);

  const refused = await server.call('DELETE', `/admin/teams/${team}`);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.skyroute_code, 'GW_ERR_ADMIN_CONFLICT');
  assert.match(refused.body.error.message, /still has 1 key/);
  assert.match(refused.body.error.message, /PATCH \/admin\/keys\/\{id\}/);
  assert.ok(await server.store.getTeam(team), 'the team is still there');

  await server.call('PATCH', `/admin/keys/${key}`, { team_id: null });
  assert.equal((await server.call('DELETE', `/admin/teams/${team}`)).status, 200);
});

test('team names are unique', async () => {
  assert.equal((await server.call('POST', '/admin/teams', { name: 'unique-team' })).status, 201);
  const second = await server.call('POST', '/admin/teams', { name: 'unique-team' });
  assert.equal(second.status, 409);
  assert.match(second.body.error.message, /team named "unique-team" already exists/);
});

test('credentials are sealed before they reach the store, and no answer ever holds the secret', async () => {
  const secret = 'sk-live-very-secret-value-7Qz9';
  const changes = server.changes.credentials;
  const put = await server.call('PUT', '/admin/credentials/openai-prod', { provider: 'openai', api_key: secret });
  assert.equal(put.status, 200);
  assert.deepEqual(CredentialJson.parse(put.body), {
    name: 'openai-prod',
    provider: 'openai',
    hint: '7Qz9',
    created_at: new Date(server.clock.now).toISOString(),
    updated_at: new Date(server.clock.now).toISOString(),
  });
  assert.equal(server.changes.credentials, changes + 1);

  const stored = await server.store.getCredential('openai-prod');
  assert.ok(stored);
  assert.ok(!stored.ciphertext.includes(secret), 'the ciphertext does not contain the secret');
  assert.ok(!JSON.stringify(stored).includes(secret));
  assert.deepEqual(JSON.parse(server.secretBox!.open(stored.ciphertext, 'openai-prod')), { api_key: secret });
  assert.throws(() => server.secretBox!.open(stored.ciphertext, 'another-name'), 'sealed to its own name');

  const get = await server.call('GET', '/admin/credentials/openai-prod');
  const list = await server.call('GET', '/admin/credentials');
  for (const answer of [put, get, list]) assert.ok(!JSON.stringify(answer.body).includes(secret.slice(0, -4)), 'never the secret');
  assert.equal(CredentialJson.parse(get.body).hint, '7Qz9');
  assert.deepEqual(
    CredentialListJson.parse(list.body).data.map((credential) => credential.name),
    ['openai-prod'],
  );
});

test('replacing a credential keeps its creation time; AWS fields are sealed together', async () => {
  const createdAt = server.clock.now;
  await server.call('PUT', '/admin/credentials/bedrock-main', { provider: 'bedrock', api_key: 'first-bedrock-api-key-0001' });
  server.clock.now += 10_000;
  const replaced = await server.call('PUT', '/admin/credentials/bedrock-main', {
    provider: 'bedrock',
    aws_access_key_id: 'AKIAEXAMPLEKEY1234',
    aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  });
  const credential = CredentialJson.parse(replaced.body);
  assert.equal(credential.created_at, new Date(createdAt).toISOString());
  assert.equal(credential.updated_at, new Date(server.clock.now).toISOString());
  assert.equal(credential.hint, '1234', 'the access key id is what people recognise');
  const stored = await server.store.getCredential('bedrock-main');
  assert.deepEqual(JSON.parse(server.secretBox!.open(stored!.ciphertext, 'bedrock-main')), {
    aws_access_key_id: 'AKIAEXAMPLEKEY1234',
    aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  });
});

test('credential bodies are checked: a provider type, at least one secret, no unknown field, a usable name', async () => {
  const noSecret = await server.call('PUT', '/admin/credentials/x', { provider: 'openai' });
  assert.equal(noSecret.status, 400);
  assert.match(noSecret.body.error.message, /at least one secret field/);
  const badProvider = await server.call('PUT', '/admin/credentials/x', { provider: 'openia', api_key: 'k' });
  assert.equal(badProvider.status, 400);
  assert.equal(badProvider.body.error.param, 'provider');
  const typo = await server.call('PUT', '/admin/credentials/x', { provider: 'openai', apikey: 'k' });
  assert.equal(typo.status, 400);
  assert.equal(typo.body.error.param, 'apikey');
  assert.match(typo.body.error.message, /unknown field "apikey"/);
  const badName = await server.call('PUT', '/admin/credentials/has%20space', { provider: 'openai', api_key: 'k' });
  assert.equal(badName.status, 400);
  assert.equal(badName.body.error.param, 'name');
  assert.equal(await server.store.getCredential('x'), undefined);
});

test('deleting a credential, and 404 for one that is not there', async () => {
  await server.call('PUT', '/admin/credentials/to-delete', { provider: 'groq', api_key: 'gsk_delete_me_123456' });
  const deleted = await server.call('DELETE', '/admin/credentials/to-delete');
  assert.equal(deleted.status, 200);
  assert.deepEqual(DeletedCredentialJson.parse(deleted.body), { name: 'to-delete', deleted: true });
  assert.equal(await server.store.getCredential('to-delete'), undefined);
  for (const method of ['GET', 'DELETE']) {
    const missing = await server.call(method, '/admin/credentials/to-delete');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.skyroute_code, 'GW_ERR_ADMIN_NOT_FOUND');
  }
});

test('without SKYROUTE_ENCRYPTION_KEY, storing a credential is refused with a message that says how to fix it', async () => {
  const plain = await startAdminServer({ encryption: false });
  try {
    const response = await plain.call('PUT', '/admin/credentials/openai', { provider: 'openai', api_key: 'sk-123456789012' });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.skyroute_code, 'GW_ERR_ADMIN_INVALID');
    assert.match(response.body.error.message, /SKYROUTE_ENCRYPTION_KEY is not set.*openssl rand -base64 32/);
    assert.deepEqual(await plain.store.listCredentials(), []);
    // Reading still works: there is nothing secret in a list.
    assert.equal((await plain.call('GET', '/admin/credentials')).status, 200);
  } finally {
    await plain.close();
  }
});
