import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.js';

const MASTER = 'test-master-key-0123456789';
let gateway: TestGateway;

before(async () => {
  gateway = await startTestGateway({ tree: { auth: { master_key: MASTER }, request_log: { flush_interval_ms: 50 } }, profiles: { fast: { timeToFirstTokenMs: 30, tokensPerSecond: 0 } } });
});
after(async () => {
  await gateway.close();
});

async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function chat(key: string): Promise<{ status: number; costNusd: number; body: Record<string, unknown> }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim/fast', max_tokens: 20, messages: [{ role: 'user', content: 'Say something about budgets.' }] }),
  });
  const cost = response.headers.get('x-skyroute-cost-usd');
  assert.ok(cost !== null, 'every answer says what it cost');
  return { status: response.status, costNusd: Math.round(Number(cost) * 1e9), body: (await response.json()) as Record<string, unknown> };
}

test('200 concurrent requests on a key whose budget covers 50: at most 50 are served, and the spend stays within the budget', async (t) => {
  // What one request costs here, measured on a key without a budget.
  const probeKey = (await admin('POST', '/admin/keys', { name: 'probe' }))['key'] as string;
  const probe = await chat(probeKey);
  assert.equal(probe.status, 200);
  const costNusd = probe.costNusd;
  assert.ok(costNusd > 0, 'sim/fast has a price');
  for (let index = 0; index < 3; index++) assert.equal((await chat(probeKey)).costNusd, costNusd, 'the same request costs the same each time');

  const limitUsd = (50 * costNusd) / 1e9;
  const created = await admin('POST', '/admin/keys', { name: 'budgeted', budgets: [{ period: 'month', limit_usd: limitUsd }] });
  const key = created['key'] as string;
  const results = await Promise.all(Array.from({ length: 200 }, () => chat(key)));
  const served = results.filter((result) => result.status === 200);
  const refused = results.filter((result) => result.status === 402);
  assert.equal(served.length + refused.length, 200, `only 200s and 402s: ${JSON.stringify(results.find((result) => result.status !== 200 && result.status !== 402)?.body)}`);
  assert.ok(served.length <= 50, `served ${served.length}`);
  assert.ok(served.length >= 1);
  const error = refused[0]!.body['error'] as Record<string, unknown>;
  assert.equal(error['type'], 'insufficient_quota');
  assert.match(String(error['message']), /^Budget exceeded: key "budgeted" has spent or reserved \$[\d.e-]+ of its monthly budget of \$[\d.e-]+, and this request may cost up to \$[\d.e-]+; it resets at \d{4}-\d{2}-01T00:00:00\.000Z\.$/);

  // The holds were each the most a request could cost; settled at what it did cost, they leave room for more, one at a time.
  let more = 0;
  for (;;) {
    const next = await chat(key);
    if (next.status !== 200) break;
    more++;
  }
  const spent = (served.length + more) * costNusd;
  assert.ok(served.length + more <= 50, `served ${served.length} at once and ${more} after`);
  assert.ok(spent <= 50 * costNusd);

  // The request log and the spend report agree with the cost headers, to the nano-dollar.
  t.diagnostic(`one request costs ${costNusd} nano-dollars; served ${served.length} of 200 at once, then ${more} one at a time`);
  const keyId = created['id'] as string;
  const requests = 200 + more + 1; // every request of the key is logged, the refused ones too
  let total: Record<string, number> = {};
  for (let attempt = 0; attempt < 200 && total['requests'] !== requests; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    total = (await admin('GET', `/admin/spend?key_id=${keyId}`))['total'] as Record<string, number>;
  }
  assert.equal(total['requests'], requests);
  assert.equal(Math.round(total['cost_usd']! * 1e9), spent);
});
