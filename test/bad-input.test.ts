import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { startTestGateway, type TestGateway } from './support/start-test-gateway.js';

/** Malformed, truncated, oversized and wrong-typed bodies: each gets a clear OpenAI-shaped answer, and the process keeps serving. */
let gateway: TestGateway;

before(async () => {
  gateway = await startTestGateway({ tree: { server: { body_limit_bytes: 64 * 1024 } } });
});
after(() => gateway.close());

async function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as { error: Record<string, unknown> } };
}

function assertOpenAIError(result: Awaited<ReturnType<typeof post>>, status: number, type: string, message: RegExp): void {
  assert.equal(result.status, status, result.text);
  assert.equal(result.json.error.type, type);
  assert.match(String(result.json.error.message), message);
  assert.ok(result.headers.get('x-request-id'));
  assert.match(result.headers.get('content-type') ?? '', /application\/json/);
}

test('malformed JSON', async () => {
  assertOpenAIError(await post('/v1/chat/completions', '{"model": "sim/fast", "messages": [}'), 400, 'invalid_request_error', /not valid JSON/);
});

test('truncated JSON', async () => {
  assertOpenAIError(await post('/v1/chat/completions', '{"model": "sim/fast", "messages": [{"role": "user", "con'), 400, 'invalid_request_error', /not valid JSON/);
});

test('an empty body and a body that is not an object', async () => {
  assertOpenAIError(await post('/v1/chat/completions', ''), 400, 'invalid_request_error', /empty/);
  assertOpenAIError(await post('/v1/chat/completions', '[1,2]'), 400, 'invalid_request_error', /must be a JSON object, not an array/);
  assertOpenAIError(await post('/v1/chat/completions', 'null'), 400, 'invalid_request_error', /not null/);
});

test('an oversized body is a 413, by content-length and by counting when the length is not declared', async () => {
  const big = JSON.stringify({ model: 'sim/fast', messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] });
  assertOpenAIError(await post('/v1/chat/completions', big), 413, 'invalid_request_error', /larger than 64 bytes|larger than 65536 bytes/);
  const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    for (let index = 0; index < 10; index++) request.write(big.slice(index * 10_300, (index + 1) * 10_300));
    request.end();
  });
  assert.equal(chunked.status, 413);
  assert.match(JSON.parse(chunked.body).error.message, /server\.body_limit_bytes/);
});

test('wrong-typed and missing fields name the field', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ messages: [{ role: 'user', content: 'hi' }] }, /model: is required/],
    [{ model: 5, messages: [{ role: 'user', content: 'hi' }] }, /model: .*string/i],
    [{ model: 'sim/fast' }, /messages: is required/],
    [{ model: 'sim/fast', messages: 'hello' }, /messages: /],
    [{ model: 'sim/fast', messages: [] }, /messages: needs at least one message/],
    [{ model: 'sim/fast', messages: [{ role: 'robot', content: 'hi' }] }, /messages\[0\]\.role/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: 42 }] }, /messages\[0\]\.content/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: [{ type: 'text' }] }] }, /messages\[0\]\.content\[0\]\.text: a text part needs/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }], temperature: 'hot' }, /temperature/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }], stream: 'yes' }, /stream/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }], max_tokens: -1 }, /max_tokens/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }], tools: { name: 'x' } }, /tools/],
    [{ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }], tool_choice: 'sometimes' }, /tool_choice/],
  ];
  for (const [body, message] of cases) {
    const result = await post('/v1/chat/completions', JSON.stringify(body));
    assertOpenAIError(result, 400, 'invalid_request_error', message);
    assert.ok(result.json.error.param, `param is set for ${JSON.stringify(body)}`);
  }
});

test('embeddings: wrong input and the wrong kind of model', async () => {
  assertOpenAIError(await post('/v1/embeddings', JSON.stringify({ model: 'sim/embed', input: 7 })), 400, 'invalid_request_error', /input/);
  assertOpenAIError(await post('/v1/embeddings', JSON.stringify({ model: 'sim/fast', input: 'x' })), 400, 'invalid_request_error', /chat model, not an embedding model/);
  assertOpenAIError(
    await post('/v1/chat/completions', JSON.stringify({ model: 'sim/embed', messages: [{ role: 'user', content: 'hi' }] })),
    400,
    'invalid_request_error',
    /embedding model; use POST \/v1\/embeddings/,
  );
});

test('unknown routes, wrong methods and /v1/responses get clean errors', async () => {
  assertOpenAIError(await post('/v1/responses', '{}'), 404, 'not_found_error', /POST \/v1\/responses is not served/);
  const wrongMethod = await fetch(`${gateway.url}/v1/chat/completions`);
  assert.equal(wrongMethod.status, 405);
  assert.match(((await wrongMethod.json()) as { error: { message: string } }).error.message, /takes POST, not GET/);
});

test('curl-style bodies without a JSON content type are accepted', async () => {
  const result = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: JSON.stringify({ model: 'sim/fast', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(result.status, 200);
});

test('a client that sends half a body and hangs up does not hurt the process', async () => {
  await new Promise<void>((resolve) => {
    const { port } = new URL(gateway.url);
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"model": "sim/fa');
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 50);
    });
  });
  const health = await fetch(`${gateway.url}/health/live`);
  assert.equal(health.status, 200);
});

test('after all of that the gateway still serves', async () => {
  const result = await post('/v1/chat/completions', JSON.stringify({ model: 'sim/fast', messages: [{ role: 'user', content: 'still there?' }] }));
  assert.equal(result.status, 200);
});
