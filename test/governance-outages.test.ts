import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { createApp, type App } from '../src/app.js';
import { DEMO_CATALOG } from '../src/config/demo-config.js';
import { parseConfig } from '../src/config/load-config.js';
import { startSimulator } from '../src/simulator/start-simulator.js';
import { startRedisRelay } from '../src/state/redis/__fixtures__/start-redis-relay.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { startThrowawayPostgres } from './support/throwaway-postgres.js';

const MASTER = 'outage-master-key-0123456789';

interface Harness {
  app: App;
  url: string;
  logs: () => string;
  admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  chat(key: string, id?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

async function startHarness(tree: Record<string, unknown>): Promise<Harness> {
  const simulator = await startSimulator({ seed: 5, profiles: { fast: { timeToFirstTokenMs: 5, tokensPerSecond: 0 } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'skyroute-outage-'));
  const captured = new PassThrough();
  let logs = '';
  captured.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const loaded = parseConfig(
    {
      server: { data_dir: dataDir },
      auth: { master_key: MASTER },
      providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } },
      catalog: { models: DEMO_CATALOG },
      routing: { circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } },
      ...tree,
    },
    { baseDirectory: dataDir, environment: {} },
  );
  const app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'info', destination: captured }) });
  const url = await app.listen(0, '127.0.0.1');
  return {
    app,
    url,
    logs: () => logs,
    async admin(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as Record<string, unknown>;
      assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    async chat(key, id) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(id === undefined ? {} : { 'x-request-id': id }) },
        body: JSON.stringify({ model: 'sim/fast', max_tokens: 10, messages: [{ role: 'user', content: 'Hello through an outage.' }] }),
      });
      return { status: response.status, body: await response.text() };
    },
    async close() {
      await app.close();
      await simulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('Redis stops: requests of keys with budgets are refused (503, the default), keys with only rate limits go on, and the outage is logged', async () => {
  const relay = await startRedisRelay();
  const prefix = `test:outage:${randomBytes(4).toString('hex')}:`;
  const harness = await startHarness({ database: { url: ':memory:' }, state: { backend: 'redis', redis_url: `redis://127.0.0.1:${relay.port}`, key_prefix: prefix, command_timeout_ms: 200 } });
  try {
    const budgeted = (await harness.admin('POST', '/admin/keys', { name: 'budgeted', budgets: [{ period: 'day', limit_usd: 5 }] }))['key'] as string;
    const limited = (await harness.admin('POST', '/admin/keys', { name: 'limited', rpm: 1000 }))['key'] as string;
    assert.equal((await harness.chat(budgeted)).status, 200);
    assert.equal((await harness.chat(limited)).status, 200);
    await relay.down();
    const refused = await harness.chat(budgeted);
    assert.equal(refused.status, 503);
    const error = (JSON.parse(refused.body) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'GW_ERR_GOVERNANCE_UNAVAILABLE');
    assert.match(error.message, /^Budgets cannot be checked: the shared state does not answer .*governance\.when_state_unavailable/);
    assert.equal((await harness.chat(limited)).status, 200, 'rate limits let requests through while Redis is down (when_state_unavailable.rate_limits: allow)');
    assert.match(harness.logs(), /shared state is not answering/);
    await relay.up();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await harness.chat(budgeted)).status;
    }
    assert.equal(status, 200, 'budgets are checked again once Redis is back');
  } finally {
    await harness.close();
    await relay.down();
    const redis = new Redis();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});

test('PostgreSQL is killed during a load run: no request fails because of it, and every log row arrives after it comes back', async (t) => {
  const postgres = await startThrowawayPostgres();
  const harness = await startHarness({ database: { url: postgres.url }, request_log: { flush_interval_ms: 50 } });
  try {
    const created = await harness.admin('POST', '/admin/keys', { name: 'through-the-outage' });
    const key = created['key'] as string;
    const ids: string[] = [];
    const statuses: number[] = [];
    let killedAt = -1;
    let restartedAt = -1;
    for (let batch = 0; batch < 40; batch++) {
      if (batch === 10) {
        await postgres.kill();
        killedAt = ids.length;
      }
      if (batch === 30) {
        await postgres.start();
        restartedAt = ids.length;
      }
      const batchIds = Array.from({ length: 10 }, (_, index) => `outage-${batch}-${index}-${randomBytes(3).toString('hex')}`);
      ids.push(...batchIds);
      statuses.push(...(await Promise.all(batchIds.map((id) => harness.chat(key, id)))).map((result) => result.status));
      if (batch >= 10 && batch < 30) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    t.diagnostic(`${ids.length} requests; PostgreSQL killed before request ${killedAt}, back before ${restartedAt}`);
    assert.deepEqual(
      statuses.map((status, index) => [index, status]).filter(([, status]) => status !== 200),
      [],
      'every request succeeded',
    );
    assert.match(harness.logs(), /spill/i, 'the outage sent rows to the spill file');
    // Every row, including those written while the database was down, reaches it once it is back.
    const found = new Set<string>();
    for (let attempt = 0; attempt < 200 && found.size < ids.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      found.clear();
      let cursor: string | null = null;
      do {
        const page = await harness.admin('GET', `/admin/logs?key_id=${created['id'] as string}&limit=500${cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`}`);
        for (const row of page['data'] as { client_request_id: string }[]) found.add(row.client_request_id);
        cursor = page['next_before'] as string | null;
      } while (cursor !== null);
    }
    assert.deepEqual(ids.filter((id) => !found.has(id)), [], 'every request has its log row');
    const total = (await harness.admin('GET', `/admin/spend?key_id=${created['id'] as string}`))['total'] as Record<string, number>;
    assert.equal(total['requests'], ids.length, 'and its spend, counted once');
  } finally {
    await harness.close();
    await postgres.destroy();
  }
});
