import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { collectOpenAIOutput } from './support/collect-openai-output.js';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.js';

/** Connect failures and first-byte, idle and total timeouts: each is a clean, named error. */
let gateway: TestGateway;

before(async () => {
  gateway = await startTestGateway({
    tree: {
      timeouts: { first_byte_ms: 300, idle_ms: 1000, total_ms: 4000 },
      models: [{ name: 'hangs-then-fast', deployments: [{ provider: 'sim', model: 'hanging' }, { provider: 'sim', model: 'fast' }] }],
    },
    profiles: {
      hanging: { outages: [{ mode: 'hang' }] },
      stalling: { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0.3, outputTokens: 10 },
      slow: { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 5, outputTokens: 100 },
    },
  });
});
after(() => gateway.close());

async function chat(model: string, stream = false) {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', await response.text());
}

test('no response headers within first_byte_ms is a 504 that names the provider and the setting', async () => {
  const output = await chat('sim/hanging');
  assert.equal(output.status, 504);
  assert.equal(output.error?.type, 'timeout_error');
  assert.match(String(output.error?.message), /^sim: no response within 300 ms \(timeouts\.first_byte_ms\)/);
});

test('a timeout before the first byte fails over to the next deployment', async () => {
  const output = await chat('hangs-then-fast');
  assert.equal(output.status, 200);
  assert.ok(output.content.length > 0);
});

test('a stream that stalls longer than idle_ms ends with an error event after the chunks already sent', async () => {
  const output = await chat('sim/stalling', true);
  assert.equal(output.status, 200);
  assert.ok(output.content.length > 0, 'the first chunks arrived');
  assert.equal(output.error?.type, 'timeout_error');
  assert.match(String(output.error?.message), /stalled for 1000 ms \(timeouts\.idle_ms\)/);
});

test('a request over total_ms is cut off with a clean error event', async () => {
  const output = await chat('sim/slow', true);
  assert.equal(output.status, 200);
  assert.match(String(output.error?.message), /did not complete within 4000 ms \(timeouts\.total_ms\)/);
  assert.ok(!output.raw.includes('[DONE]'));
});

test('an unreachable provider is a 502 that names it', async () => {
  const dead = await startTestGateway({});
  try {
    dead.app.reload(
      (await import('../src/config/load-config.js')).parseConfig(
        { providers: { down: { type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1' } } },
        { baseDirectory: '/tmp', environment: {} },
      ),
    );
    const client = new OpenAI({ baseURL: `${dead.url}/v1`, apiKey: 'x', maxRetries: 0 });
    await assert.rejects(client.chat.completions.create({ model: 'down/anything', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.match(error.message, /down: cannot connect \(ECONNREFUSED/);
      return true;
    });
  } finally {
    await dead.close();
  }
});
