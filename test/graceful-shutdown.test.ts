import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO_CATALOG } from '../src/config/demo-config.js';
import { startSimulator } from '../src/simulator/start-simulator.js';
import { createStore } from '../src/store/create-store.js';
import { spawnGateway } from './support/spawn-gateway.js';

test('SIGTERM during 50 open streams: every stream completes, every request is logged, the process exits 0', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-shutdown-'));
  // About two seconds per stream: 40 tokens at 20 per second.
  const simulator = await startSimulator({ seed: 9, profiles: { fast: { timeToFirstTokenMs: 50, tokensPerSecond: 20, outputTokens: 40 } } });
  const database = join(directory, 'skyroute.db');
  try {
    const gateway = await spawnGateway(directory, 'gateway', {
      server: { host: '127.0.0.1', data_dir: directory },
      database: { url: database },
      providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } },
      catalog: { models: DEMO_CATALOG },
      request_log: { flush_interval_ms: 5_000 },
      logging: { level: 'info' },
    });
    const streams = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': `shutdown-${index}` },
          body: JSON.stringify({ model: 'sim/fast', stream: true, messages: [{ role: 'user', content: `Stream ${index}, please.` }] }),
        });
        assert.equal(response.status, 200);
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        const first = await reader.read();
        return { reader, decoder, text: decoder.decode(first.value, { stream: true }) };
      }),
    );
    const stopping = gateway.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', body: '{}' }).then(
      (response) => `status ${response.status}`,
      (error: Error) => error.message,
    );
    t.diagnostic(`a new request after SIGTERM: ${refused}`);
    assert.doesNotMatch(refused, /^status 200$/, 'no new request is served once shutting down');
    const bodies = await Promise.all(
      streams.map(async (stream) => {
        let { text } = stream;
        for (;;) {
          const next = await stream.reader.read();
          if (next.done) break;
          text += stream.decoder.decode(next.value, { stream: true });
        }
        return text;
      }),
    );
    for (const [index, body] of bodies.entries()) {
      assert.match(body, /data: \[DONE\]\n\n$/, `stream ${index} ran to its end`);
      assert.doesNotMatch(body, /"error"/, `stream ${index} had no error event`);
    }
    assert.equal(await stopping, 0, gateway.output());
    // The log rows waited in memory (a 5 s flush interval); shutdown wrote them.
    const store = await createStore(database);
    try {
      const rows = await store.queryRequestLogs({ limit: 100 });
      assert.deepEqual(rows.map((row) => row.clientRequestId).sort(), Array.from({ length: 50 }, (_, index) => `shutdown-${index}`).sort());
      const odd = rows.filter((row) => !(row.status === 200 && row.stream && row.outputTokens === 40 && row.ttftMs !== undefined));
      assert.deepEqual(odd, []);
    } finally {
      await store.close();
    }
  } finally {
    await simulator.close();
    rmSync(directory, { recursive: true, force: true });
  }
});
