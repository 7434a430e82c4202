import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DEMO_CATALOG } from '../src/config/demo-config.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createStore } from '../src/store/create-store.js';
import { spawnGateway, type SpawnedGateway } from './support/spawn-gateway.js';

/**
 * Two gateway processes sharing one Redis and one PostgreSQL, as two replicas behind a load balancer:
 * limits count across both, a revocation on one reaches the other within a second, and spend from
 * both adds up in the reports.
 */
const MASTER = 'replica-master-key-0123456789';
const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const run = randomBytes(4).toString('hex');
const schema = `skyroute_replicas_${run}`;
const prefix = `test:replicas:${run}:`;
let directory: string;
let simulator: RunningSimulator;
let one: SpawnedGateway;
let two: SpawnedGateway;

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'skyroute-replicas-'));
  simulator = await startSimulator({ seed: 3, profiles: { fast: { timeToFirstTokenMs: 5, tokensPerSecond: 0 } } });
  // Migrated once here; the gateways find the schema through the URL's search_path.
  await (await createStore(POSTGRES, { schema })).close();
  const tree = {
    server: { host: '127.0.0.1' },
    auth: { master_key: MASTER },
    database: { url: `${POSTGRES}?options=-c%20search_path%3D${schema}` },
    state: { backend: 'redis', redis_url: 'redis://127.0.0.1:6379', key_prefix: prefix },
    providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } },
    catalog: { models: DEMO_CATALOG },
    governance: { refresh_ms: 200 },
    request_log: { flush_interval_ms: 100 },
    routing: { circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } },
    logging: { level: 'warn' },
  };
  [one, two] = await Promise.all([spawnGateway(directory, 'one', tree), spawnGateway(directory, 'two', tree)]);
});

after(async () => {
  await Promise.allSettled([one?.stop(), two?.stop()]);
  await simulator?.close();
  const client = new pg.Client(POSTGRES);
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(directory, { recursive: true, force: true });
});

async function admin(gateway: SpawnedGateway, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function chat(gateway: SpawnedGateway, key: string): Promise<{ status: number; costNusd: number }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim/fast', max_tokens: 10, messages: [{ role: 'user', content: 'Hello there, replicas.' }] }),
  });
  await response.arrayBuffer();
  return { status: response.status, costNusd: Math.round(Number(response.headers.get('x-skyroute-cost-usd')) * 1e9) };
}

test('a 100 RPM key admits 100 requests per minute in total across two replicas', async () => {
  const key = (await admin(one, 'POST', '/admin/keys', { name: 'rpm-100', rpm: 100 }))['key'] as string;
  // All 150 requests inside one fixed minute of the sliding window, so "per minute" is exact here.
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
  const statuses: number[] = [];
  for (let batch = 0; batch < 15; batch++) {
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => chat(index % 2 === 0 ? one : two, key)));
    statuses.push(...results.map((result) => result.status));
  }
  assert.equal(statuses.filter((status) => status === 200).length, 100);
  assert.equal(statuses.filter((status) => status === 429).length, 50);
});

test('a key revoked on one replica is refused by the other within a second', async (t) => {
  const created = await admin(one, 'POST', '/admin/keys', { name: 'to-revoke' });
  const key = created['key'] as string;
  assert.equal((await chat(two, key)).status, 200, 'replica two knows the key (and caches it)');
  const revokedAt = Date.now();
  await admin(one, 'POST', `/admin/keys/${created['id'] as string}/revoke`);
  let refusedAfter: number | undefined;
  while (refusedAfter === undefined && Date.now() - revokedAt < 5_000) {
    if ((await chat(two, key)).status === 401) refusedAfter = Date.now() - revokedAt;
  }
  assert.ok(refusedAfter !== undefined && refusedAfter < 1_000, `refused after ${refusedAfter} ms`);
  t.diagnostic(`replica two refused the key ${refusedAfter} ms after replica one revoked it`);
});

test('spend from both replicas adds up exactly in the report', async () => {
  const created = await admin(one, 'POST', '/admin/keys', { name: 'spender' });
  const key = created['key'] as string;
  let expected = 0;
  for (let index = 0; index < 40; index++) {
    const result = await chat(index % 2 === 0 ? one : two, key);
    assert.equal(result.status, 200);
    expected += result.costNusd;
  }
  assert.ok(expected > 0);
  let total: Record<string, number> = {};
  for (let attempt = 0; attempt < 100 && total['requests'] !== 40; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    total = (await admin(two, 'GET', `/admin/spend?key_id=${created['id'] as string}`))['total'] as Record<string, number>;
  }
  assert.equal(total['requests'], 40);
  assert.equal(Math.round(total['cost_usd']! * 1e9), expected);
});
