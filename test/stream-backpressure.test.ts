import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.js';

/**
 * A client that stops reading must stop the upstream too: the gateway awaits 'drain' before pulling
 * more parts, so buffers fill back to the simulator, which pauses its generation. If the gateway
 * buffered instead, the simulator would finish the answer while the client reads nothing.
 */
let gateway: TestGateway;
// ~100 MB of answer in 8 kB chunks: more than the kernel's loopback socket buffers (up to 32 MB per
// receiving and 4 MB per sending socket here, 72 MB on the whole path) can hide, so only real
// backpressure keeps the simulator from finishing.
const TOKENS = 12_500;
const WORD = 'x'.repeat(8000);

before(async () => {
  gateway = await startTestGateway({
    profiles: { huge: { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 1_000_000, fixedText: `${WORD} `.repeat(TOKENS).trimEnd() } },
  });
});
after(() => gateway.close());

function openStream(): Promise<import('node:http').IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${gateway.url}/v1/chat/completions`, { method: 'POST' }, resolve);
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ model: 'sim/huge', stream: true, messages: [{ role: 'user', content: 'everything' }] }));
  });
}

async function readAll(response: import('node:http').IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function simulatorInFlight(): Promise<number> {
  const stats = (await (await fetch(`${gateway.simulator.url.replace(/\/v1$/, '')}/_sim/stats`)).json()) as { inFlight: number };
  return stats.inFlight;
}

test('a paused client holds the upstream back, and every byte arrives once it reads again', async () => {
  const started = Date.now();
  const baseline = await readAll(await openStream());
  const readingMs = Date.now() - started;
  assert.ok(baseline.endsWith('data: [DONE]\n\n'));
  assert.equal(await simulatorInFlight(), 0);

  let served: import('node:http').ServerResponse | undefined;
  gateway.app.server.once('request', (_request, response) => (served = response));
  const paused = await openStream();
  paused.pause();
  const waitMs = Math.max(1500, readingMs * 2);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  assert.equal(await simulatorInFlight(), 1, `the simulator is still generating after ${waitMs} ms (a reading client took ${readingMs} ms)`);
  assert.ok((served?.writableLength ?? Infinity) < 1024 * 1024, `the gateway holds ${served?.writableLength} bytes for the paused client`);

  const text = await readAll(paused);
  assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream completes once the client reads');
  const contentChunks = text.split('\n\n').filter((event) => event.includes('"content":"') && !event.includes('"role"')).length;
  assert.equal(contentChunks, TOKENS, 'no chunk was lost while paused');
});
