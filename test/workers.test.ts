import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { startSimulator } from '../src/simulator/start-simulator.js';
import { spawnGateway } from './support/spawn-gateway.js';

const tree = (simulatorUrl: string, directory: string, extra: Record<string, unknown>) => ({
  server: { host: '127.0.0.1', data_dir: directory },
  auth: { master_key: 'workers-master-key-0123456789' },
  providers: { sim: { type: 'openai-compatible', base_url: simulatorUrl } },
  ...extra,
});

test('--workers 2 with memory state and virtual keys is refused at start-up, saying why', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-workers-'));
  try {
    await assert.rejects(spawnGateway(directory, 'memory', tree('http://127.0.0.1:9/v1', directory, {}), ['--workers', '2']), (error: Error) => {
      assert.match(error.message, /--workers 2 needs shared state: with state\.backend: memory, virtual keys .* would be counted by each worker on its own \(2× the limit\)\. Set state\.backend: redis/);
      return true;
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('--workers 2 on Redis: both workers serve the port, and SIGTERM stops them all cleanly', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-workers-'));
  const simulator = await startSimulator({ seed: 4 });
  const prefix = `test:workers:${randomBytes(4).toString('hex')}:`;
  try {
    const gateway = await spawnGateway(directory, 'redis', tree(simulator.baseUrls.openai, directory, { state: { backend: 'redis', key_prefix: prefix } }), ['--workers', '2']);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: 'Bearer workers-master-key-0123456789', 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'sim/fast', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    assert.deepEqual([...new Set(statuses)], [200]);
    assert.match(gateway.output(), /2 workers listening/);
    assert.equal(await gateway.stop('SIGTERM'), 0, gateway.output());
  } finally {
    await simulator.close();
    rmSync(directory, { recursive: true, force: true });
    const redis = new Redis();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});
