import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

// 150 ms to the first token, then 20 tokens at 200 per second: a stream takes about 250 ms.
const paced = { timeToFirstTokenMs: 150, timeToFirstTokenJitterMs: 0, tokensPerSecond: 200, outputTokens: 20 };

interface WireCase {
  wire: string;
  url(sim: RunningSimulator): string;
  headers: Record<string, string>;
  body: unknown;
}

const wires: WireCase[] = [
  {
    wire: 'Anthropic',
    url: (sim) => `${sim.baseUrls.anthropic}/messages`,
    headers: { 'anthropic-version': '2023-06-01' },
    body: { model: 'paced', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    wire: 'Gemini',
    url: (sim) => `${sim.baseUrls.gemini}/models/paced:streamGenerateContent?alt=sse`,
    headers: {},
    body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
  },
  {
    wire: 'Bedrock',
    url: (sim) => `${sim.baseUrls.bedrock}/model/paced/converse-stream`,
    headers: {},
    body: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] },
  },
  {
    wire: 'Cohere',
    url: (sim) => `${sim.baseUrls.cohere}/chat`,
    headers: {},
    body: { model: 'paced', stream: true, messages: [{ role: 'user', content: 'hi' }] },
  },
];

describe('paced streams on every wire', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ profiles: { paced } });
  });
  after(() => sim.close());

  for (const wire of wires) {
    it(`${wire.wire}: sends headers before the first token, then the tokens on the profile's clock`, async () => {
      const started = performance.now();
      const response = await request(wire.url(sim), { method: 'POST', headers: { 'content-type': 'application/json', ...wire.headers }, body: JSON.stringify(wire.body) });
      const headersAt = performance.now() - started;
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-length'], undefined, 'a paced stream is chunked, not written in one go');
      const arrivals: number[] = [];
      for await (const chunk of response.body) if ((chunk as Buffer).length > 0) arrivals.push(performance.now() - started);
      assert.ok(headersAt < 120, `headers after ${headersAt.toFixed(0)} ms, before the first token`);
      assert.ok((arrivals[0] ?? 0) >= 140, `first bytes after ${(arrivals[0] ?? 0).toFixed(0)} ms`);
      assert.ok((arrivals.at(-1) ?? 0) >= 230, `stream ended after ${(arrivals.at(-1) ?? 0).toFixed(0)} ms`);
      assert.ok(arrivals.length >= 5, `${arrivals.length} network reads: tokens arrive over time`);
    });

    it(`${wire.wire}: stops generating when the client disconnects`, async () => {
      const before = sim.stats();
      const controller = new AbortController();
      const response = await request(wire.url(sim), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...wire.headers },
        body: JSON.stringify(wire.body),
        signal: controller.signal,
      });
      assert.equal(response.statusCode, 200);
      controller.abort();
      await response.body.text().catch(() => undefined);
      await sleep(350);
      const after = sim.stats();
      assert.equal(after.clientDisconnects, before.clientDisconnects + 1);
      assert.ok(after.partsWritten - before.partsWritten < 20, `${after.partsWritten - before.partsWritten} parts written after the client left`);
      assert.equal(after.inFlight, 0);
    });
  }
});
