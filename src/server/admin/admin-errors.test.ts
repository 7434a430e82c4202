import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAdminServer, TEST_MASTER_KEY, type RunningAdminServer } from './__fixtures__/start-admin-server.js';
import { ErrorJson } from './admin-output-schemas.js';

/** What goes wrong: authentication, validation, routing, and a database that is gone. */
let server: RunningAdminServer;

before(async () => {
  server = await startAdminServer();
});
after(() => server.close());

function assertError(response: { status: number; body: unknown; headers: Headers }, status: number, code: string, message?: RegExp): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const { error } = ErrorJson.parse(response.body);
  assert.equal(error.skyroute_code, code);
  assert.equal(response.headers.get('x-skyroute-error-code'), code);
  if (message !== undefined) assert.match(error.message, message);
}

test('no master key configured: every admin request is 403 GW_ERR_ADMIN_DISABLED saying how to turn it on', async () => {
  const disabled = await startAdminServer({ masterKey: null });
  try {
    assertError(await disabled.call('GET', '/admin/keys', undefined, 'anything-at-all-here'), 403, 'GW_ERR_ADMIN_DISABLED', /auth\.master_key or SKYROUTE_MASTER_KEY/);
    assertError(await disabled.call('POST', '/admin/keys', { name: 'x' }, null), 403, 'GW_ERR_ADMIN_DISABLED');
    assert.deepEqual(await disabled.store.listKeys({ limit: 10, includeRevoked: true }), []);
  } finally {
    await disabled.close();
  }
});

test('a missing or wrong key is 401 GW_ERR_ADMIN_UNAUTHORIZED; the master key works as Bearer and as x-api-key', async () => {
  assertError(await server.call('GET', '/admin/keys', undefined, null), 401, 'GW_ERR_ADMIN_UNAUTHORIZED', /Authorization: Bearer <master key>/);
  assertError(await server.call('POST', '/admin/keys', { name: 'sneaky' }, 'not-the-master-key-at-all'), 401, 'GW_ERR_ADMIN_UNAUTHORIZED', /ending in "-all" is not the master key/);
  assert.deepEqual(await server.store.listKeys({ limit: 10, includeRevoked: true }), [], 'nothing was created');

  // A virtual key is not an admin key.
  const created = await server.call('POST', '/admin/keys', { name: 'virtual' });
  assertError(await server.call('GET', '/admin/keys', undefined, created.body.key), 401, 'GW_ERR_ADMIN_UNAUTHORIZED');

  const viaHeader = await fetch(`${server.url}/admin/teams`, { headers: { 'x-api-key': TEST_MASTER_KEY } });
  assert.equal(viaHeader.status, 200);
});

test('unknown admin paths are 404 listing the routes; a known path with another method is 405', async () => {
  assertError(await server.call('GET', '/admin/nope'), 404, 'GW_ERR_ROUTE_NOT_FOUND', /GET \/admin\/keys, .*POST \/admin\/keys\/\{id\}\/rotate.*GET \/openapi\.json/);
  assertError(await server.call('GET', '/admin/keys/a/b/c'), 404, 'GW_ERR_ROUTE_NOT_FOUND');
  assertError(await server.call('DELETE', '/admin/keys/key_x'), 405, 'GW_ERR_ROUTE_METHOD_NOT_ALLOWED', /takes GET or PATCH, not DELETE/);
  assertError(await server.call('GET', '/admin/keys/revoke'), 405, 'GW_ERR_ROUTE_METHOD_NOT_ALLOWED', /takes POST, not GET/);
  assertError(await server.call('PUT', '/admin/spend'), 405, 'GW_ERR_ROUTE_METHOD_NOT_ALLOWED');
});

test('validation failures are 400 GW_ERR_ADMIN_INVALID naming the field', async () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{}, 'name', /name: is required/],
    [{ name: '   ' }, 'name', /name: must not be empty/],
    [{ name: 'a', rpm: 0 }, 'rpm', /rpm: must be more than 0/],
    [{ name: 'a', rpm: 1.5 }, 'rpm', /whole number/],
    [{ name: 'a', models: [] }, 'models', /at least one model/],
    [{ name: 'a', budgets: [{ period: 'year', limit_usd: 5 }] }, 'budgets[0].period', /day, week, month, total/],
    [{ name: 'a', budgets: [{ period: 'day', limit_usd: 5, alert_at: 2 }] }, 'budgets[0].alert_at', /between 0 and 1/],
    [{ name: 'a', budgets: [{ period: 'day', limit_usd: 5 }, { period: 'day', limit_usd: 6 }] }, 'budgets', /one budget per period/],
    [{ name: 'a', expires_at: 'next week' }, 'expires_at', /ISO 8601/],
    [{ name: 'a', expires_at: '2020-01-01T00:00:00Z' }, 'expires_at', /already past/],
    [{ name: 'a', budget: '50/month' }, 'budget', /unknown field "budget"/],
    [{ name: 'a', metadata: [1] }, 'metadata', /metadata/],
    [[{ name: 'a' }], '', /must be a JSON object, not an array/],
  ];
  for (const [body, param, message] of cases) {
    const response = await server.call('POST', '/admin/keys', body);
    assertError(response, 400, 'GW_ERR_ADMIN_INVALID', message);
    assert.equal(response.body.error.param ?? '', param, JSON.stringify(body));
  }
  assertError(await server.call('GET', '/admin/keys?limit=1000'), 400, 'GW_ERR_ADMIN_INVALID', /limit: must be between 1 and 500/);
  assertError(await server.call('GET', '/admin/keys?include_revoked=yes'), 400, 'GW_ERR_ADMIN_INVALID', /include_revoked: must be true or false/);
  assertError(await server.call('GET', '/admin/teams?limit=5'), 400, 'GW_ERR_ADMIN_INVALID', /unknown parameter "limit"/);
  assert.deepEqual((await server.store.listKeys({ limit: 100, includeRevoked: true })).map((key) => key.name), ['virtual'], 'no invalid request created anything');
});

test('a body that is not JSON is a 400 that points at the API description', async () => {
  assertError(await server.call('POST', '/admin/teams', '{"name": '), 400, 'GW_ERR_REQUEST_INVALID_JSON', /not valid JSON.*GET \/openapi\.json/);
  const huge = await fetch(`${server.url}/admin/teams`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}` },
    body: JSON.stringify({ name: 'x', metadata: { blob: 'x'.repeat(2 * 1024 * 1024) } }),
  });
  assert.equal(huge.status, 413);
  assert.match(((await huge.json()) as { error: { message: string } }).error.message, /larger than 1 MiB/);
  // The connection still serves the next request.
  assert.equal((await server.call('GET', '/admin/teams')).status, 200);
});

test('a database that does not answer: 503 GW_ERR_STORE_UNAVAILABLE naming it, and saying whether a change was made', async () => {
  const broken = await startAdminServer();
  try {
    await broken.store.close();
    assertError(await broken.call('POST', '/admin/keys', { name: 'lost' }), 503, 'GW_ERR_STORE_UNAVAILABLE', /SQLite database failed .*so the change was not made/);
    assertError(await broken.call('GET', '/admin/keys'), 503, 'GW_ERR_STORE_UNAVAILABLE', /SQLite database failed .*nothing could be read/);
    assertError(await broken.call('GET', '/admin/spend'), 503, 'GW_ERR_STORE_UNAVAILABLE');
    assertError(await broken.call('PUT', '/admin/credentials/c', { provider: 'openai', api_key: 'sk-1234567890abc' }), 503, 'GW_ERR_STORE_UNAVAILABLE', /change was not made/);
    const body = (await broken.call('GET', '/admin/logs')).body;
    assert.equal(body.error.type, 'api_error');
  } finally {
    await broken.close();
  }
});

test('/openapi.json needs no key', async () => {
  const response = await fetch(`${server.url}/openapi.json`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { openapi: string }).openapi, '3.1.0');
});
