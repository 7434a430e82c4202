import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { parseSseEvents, postJson } from './__fixtures__/post-json.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user' as const, content: 'Say hello to the gateway.' }];
const serverError = { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null };

describe('fault injection', () => {
  let sim: RunningSimulator;
  let client: OpenAI;
  const chat = (model = 'fast', extra: Record<string, unknown> = {}) =>
    postJson(`${sim.url}/chat/completions`, { model, messages: hello, ...extra });
  before(async () => {
    sim = await startSimulator({ profiles: { fast: instant, flaky: instant } });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('answers 429 rate_limit_exceeded with retry-after and x-ratelimit headers', async () => {
    sim.setProfile('fast', { rateLimitRate: 1, retryAfterSeconds: 3 });
    try {
      const answer = await chat();
      assert.equal(answer.status, 429);
      assert.equal(answer.headers.get('retry-after'), '3');
      assert.equal(answer.headers.get('x-ratelimit-remaining-requests'), '0');
      assert.equal(answer.headers.get('x-ratelimit-reset-requests'), '3s');
      assert.equal(answer.json.error?.code, 'rate_limit_exceeded');
      assert.equal(answer.json.error?.type, 'requests');
      await assert.rejects(client.chat.completions.create({ model: 'fast', messages: hello }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.status, 429);
        return true;
      });
    } finally {
      sim.setProfile('fast', { rateLimitRate: 0 });
    }
  });

  it('fails about errorRate of the requests with a 500 server_error', async () => {
    sim.setProfile('fast', { errorRate: 0.5 });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 60; index++) {
        const answer = await chat();
        statuses.push(answer.status);
        if (answer.status === 500) assert.deepEqual(answer.json.error, serverError);
      }
      const failures = statuses.filter((status) => status === 500).length;
      assert.ok(failures >= 15 && failures <= 45, `${failures} of 60 failed`);
      assert.equal(statuses.filter((status) => status === 200).length, 60 - failures);
    } finally {
      sim.setProfile('fast', { errorRate: 0 });
    }
  });

  it('fails in deterministic bursts', async () => {
    sim.setProfile('fast', { errorBurst: { every: 4, length: 2 } });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 8; index++) statuses.push((await chat()).status);
      assert.deepEqual(statuses, [200, 200, 503, 503, 200, 200, 503, 503]);
    } finally {
      sim.setProfile('fast', { errorBurst: null });
    }
  });

  it('starts and ends an error outage, and honours relative and future windows', async () => {
    sim.setProfile('fast', { outages: [{ mode: 'error' }] });
    const during = await chat();
    assert.equal(during.status, 503);
    assert.deepEqual(during.json.error, { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null });
    assert.equal((await chat('smart', { max_tokens: 1 })).status, 200, 'other models are not affected');
    sim.setProfile('fast', { outages: [] });
    assert.equal((await chat()).status, 200);

    sim.setProfile('fast', { outages: [{ mode: 'error', startAfterMs: 60_000 }] });
    assert.equal((await chat()).status, 200, 'a window in the future has not started');
    const appliedAt = Date.now();
    sim.setProfile('fast', { outages: [{ mode: 'error', endAfterMs: 2500 }] });
    assert.equal((await chat()).status, 503);
    await sleep(Math.max(0, appliedAt + 2600 - Date.now()));
    assert.equal((await chat()).status, 200, 'the window ended');
    sim.setProfile('fast', { outages: [{ mode: 'error', startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: Date.now() + 60_000 }] });
    assert.equal((await chat()).status, 503, 'absolute window in progress');
    sim.setProfile('fast', { outages: [] });
  });

  it('hangs without answering during a hang outage', async () => {
    sim.setProfile('fast', { outages: [{ mode: 'hang' }] });
    try {
      const started = performance.now();
      await assert.rejects(
        fetch(`${sim.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'fast', messages: hello }),
          signal: AbortSignal.timeout(300),
        }),
        (error: Error) => error.name === 'TimeoutError',
      );
      assert.ok(performance.now() - started >= 250);
    } finally {
      sim.setProfile('fast', { outages: [] });
    }
  });

  it('resets the connection during a reset outage', async () => {
    sim.setProfile('fast', { outages: [{ mode: 'reset' }] });
    try {
      await assert.rejects(chat(), TypeError);
      await assert.rejects(client.chat.completions.create({ model: 'fast', messages: hello }), OpenAI.APIConnectionError);
    } finally {
      sim.setProfile('fast', { outages: [] });
    }
  });

  it('breaks a stream with an OpenAI error event after K chunks', async () => {
    sim.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 3, midStreamFailureMode: 'error-event' });
    try {
      const raw = await chat('fast', { stream: true });
      assert.equal(raw.status, 200);
      assert.ok(!raw.text.includes('[DONE]'));
      const events = parseSseEvents(raw.text) as any[];
      assert.equal(events.length, 1 + 3 + 1, 'role chunk, three content chunks, the error');
      assert.deepEqual(events.at(-1), { error: serverError });

      const stream = await client.chat.completions.create({ model: 'fast', messages: hello, stream: true });
      let contentChunks = 0;
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) if (chunk.choices[0]?.delta.content) contentChunks++;
        })(),
        OpenAI.APIError,
      );
      assert.equal(contentChunks, 3);
    } finally {
      sim.setProfile('fast', { midStreamFailureRate: 0 });
    }
  });

  it('cuts the socket mid-stream in cut mode', async () => {
    sim.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 4, midStreamFailureMode: 'cut' });
    try {
      const response = await fetch(`${sim.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fast', messages: hello, stream: true }),
      });
      assert.equal(response.status, 200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = '';
      await assert.rejects(async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += Buffer.from(value).toString('utf8');
        }
      });
      const contents = received.split('\n\n').filter((event) => event.includes('"content":"') && !event.includes('"role"'));
      assert.equal(contents.length, 4);
      assert.ok(!received.includes('[DONE]') && !received.includes('finish_reason":"stop'));
    } finally {
      sim.setProfile('fast', { midStreamFailureRate: 0 });
    }
  });

  it('answers context_length_exceeded for prompts over the context window', async () => {
    sim.setProfile('fast', { contextWindow: 100 });
    try {
      const tooLong = await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(1000) }] });
      assert.equal(tooLong.status, 400);
      assert.deepEqual(tooLong.json.error, {
        message:
          "This model's maximum context length is 100 tokens. However, your messages resulted in 257 tokens. Please reduce the length of the messages.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      });
      const withCompletion = await chat('fast', { max_tokens: 95 });
      assert.equal(withCompletion.status, 400);
      assert.equal(withCompletion.json.error?.code, 'context_length_exceeded');
      assert.match(withCompletion.json.error?.message, /you requested \d+ tokens \(\d+ in the messages, 95 in the completion\)/);
      assert.equal((await chat('fast', { max_tokens: 20 })).status, 200);
    } finally {
      sim.setProfile('fast', { contextWindow: 128_000 });
    }
  });

  it('refuses images on a model without vision and accepts them on one with it', async () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    ];
    const refused = await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json.error, {
      message: 'Invalid content type. image_url is only supported by certain models.',
      type: 'invalid_request_error',
      param: 'messages.[0].content.[1].type',
      code: null,
    });
    const accepted = await postJson(`${sim.url}/chat/completions`, { model: 'vision', messages });
    assert.equal(accepted.status, 200);
    assert.ok((accepted.json.usage?.prompt_tokens ?? 0) >= 85, 'an image costs prompt tokens');
  });

  it('stops generating when the client disconnects, and counts it', async () => {
    const slow = await startSimulator({ profiles: { fast: { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 40, outputTokens: 400 } } });
    try {
      const controller = new AbortController();
      const response = await fetch(`${slow.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fast', messages: hello, stream: true }),
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = '';
      while ((received.match(/"content":"[^"]/g) ?? []).length < 2) {
        const { value } = await reader.read();
        received += Buffer.from(value ?? new Uint8Array()).toString('utf8');
      }
      controller.abort();
      await reader.read().catch(() => undefined);
      for (let waited = 0; slow.stats().clientDisconnects === 0 && waited < 5000; waited += 20) await sleep(20);
      const stopped = slow.stats();
      assert.equal(stopped.clientDisconnects, 1);
      assert.equal(stopped.inFlight, 0);
      await sleep(300);
      assert.equal(slow.stats().partsWritten, stopped.partsWritten, 'no token is produced after the disconnect');
      assert.ok(stopped.partsWritten < 400);
    } finally {
      await slow.close();
    }
  });

  it('requires the API key when one is set', async () => {
    const guarded = await startSimulator({ apiKey: 'sk-test-1234567890', profiles: { fast: instant } });
    try {
      const url = `${guarded.url}/chat/completions`;
      const body = { model: 'fast', messages: hello };
      const missing = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(missing.status, 401);
      const missingBody = (await missing.json()) as any;
      assert.equal(missingBody.error.code, null);
      assert.match(missingBody.error.message, /^You didn't provide an API key/);
      const wrong = await postJson(url, body, { authorization: 'Bearer sk-wrong-0987654321' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.error?.code, 'invalid_api_key');
      assert.ok(!wrong.json.error?.message.includes('sk-wrong-0987654321'), 'the key is masked');
      assert.equal((await postJson(url, body, { authorization: 'Bearer sk-test-1234567890' })).status, 200);
      const sdk = new OpenAI({ baseURL: guarded.url, apiKey: 'sk-nope', maxRetries: 0 });
      await assert.rejects(sdk.chat.completions.create(body), OpenAI.AuthenticationError);
      const good = new OpenAI({ baseURL: guarded.url, apiKey: 'sk-test-1234567890', maxRetries: 0 });
      assert.equal((await good.chat.completions.create(body)).object, 'chat.completion');
    } finally {
      await guarded.close();
    }
  });

  it('closes promptly with a hung request and a paced stream open', async () => {
    const busy = await startSimulator({
      profiles: { fast: { outages: [{ mode: 'hang' }] }, smart: { tokensPerSecond: 5, outputTokens: 500, timeToFirstTokenMs: 0 } },
    });
    const hung = new Promise<string>((resolve) => {
      const request = httpRequest(`${busy.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      request.on('error', (error) => resolve(error.message));
      request.on('response', () => resolve('answered'));
      request.end(JSON.stringify({ model: 'fast', messages: hello }));
    });
    const streaming = await fetch(`${busy.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: hello, stream: true }),
    });
    const drained = streaming.text().then(
      () => 'ended',
      () => 'failed',
    );
    await sleep(100);
    const started = performance.now();
    await busy.close();
    assert.ok(performance.now() - started < 2000, 'close does not wait for open requests');
    assert.notEqual(await hung, 'answered');
    assert.equal(await drained, 'failed');
  });
});
