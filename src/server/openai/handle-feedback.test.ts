import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../store/store-port.js';
import { startTestGateway, type TestGateway } from '../../../test/support/start-test-gateway.js';

const MASTER = 'test-master-key-0123456789';
let gateway: TestGateway;
let store: Store;
let keyA: { id: string; key: string };
let keyB: { id: string; key: string };

before(async () => {
  gateway = await startTestGateway({ tree: { auth: { master_key: MASTER }, request_log: { flush_interval_ms: 20 } }, profiles: { fast: { timeToFirstTokenMs: 1, tokensPerSecond: 0 } } });
  store = gateway.app.runtime().gateway.admin.store;
  keyA = await createKey('feedback-a');
  keyB = await createKey('feedback-b');
});
after(async () => {
  await gateway.close();
});

async function createKey(name: string): Promise<{ id: string; key: string }> {
  const response = await fetch(`${gateway.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json()) as { id: string; key: string };
  assert.equal(response.status, 201, JSON.stringify(body));
  return { id: body.id, key: body.key };
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function feedback(body: unknown, key: string | null = MASTER, url = gateway.url): Promise<Answer> {
  const response = await fetch(`${url}/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A chat request made with `key`; answers the x-request-id once its log row is written. */
async function loggedRequest(key: string, clientRequestId?: string): Promise<string> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(clientRequestId === undefined ? {} : { 'x-request-id': clientRequestId }) },
    body: JSON.stringify({ model: 'sim/fast', max_tokens: 5, messages: [{ role: 'user', content: 'Rate me.' }] }),
  });
  assert.equal(response.status, 200, await response.text());
  const requestId = response.headers.get('x-request-id');
  assert.ok(requestId !== null);
  // The row is written by the batch writer; wait for it (a hang guard, not a timing assertion).
  const deadline = Date.now() + 10_000;
  const isLogged = async () =>
    clientRequestId === undefined ? (await store.getRequestLog(requestId)) !== undefined : (await store.queryRequestLogs({ clientRequestId, limit: 1 })).length > 0;
  while (!(await isLogged())) {
    if (Date.now() > deadline) throw new Error(`the log row of ${requestId} was never written`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return requestId;
}

function assertError(answer: Answer, status: number, code: string, param: string | null, message: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.error.skyroute_code, code);
  assert.equal(answer.body.error.param, param);
  assert.match(answer.body.error.message, message);
  assert.equal(answer.headers.get('x-skyroute-error-code'), code);
}

describe('POST /v1/feedback', () => {
  test('a score is stored with the request id and answered back; the master key gives feedback without a key id', async () => {
    const answer = await feedback({ request_id: 'req-score-1', score: 0.75 });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(answer.body.id, /^fb_[A-Za-z0-9_-]{16}$/);
    assert.deepEqual(answer.body, { id: answer.body.id, object: 'feedback', request_id: 'req-score-1', score: 0.75, label: null });
    assert.ok(answer.headers.get('x-request-id'));
    const stored = await store.feedbackFor('req-score-1');
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0], { id: answer.body.id, requestId: 'req-score-1', at: stored[0]!.at, score: 0.75 });
  });

  test('thumbs up is 1 and down 0; a label is kept; several pieces of feedback on one request all stay', async () => {
    const up = await feedback({ request_id: 'req-thumbs', thumbs: 'up', label: 'helpful' });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.deepEqual({ score: up.body.score, label: up.body.label }, { score: 1, label: 'helpful' });
    const down = await feedback({ request_id: 'req-thumbs', thumbs: 'down' });
    assert.equal(down.body.score, 0);
    const edges = await feedback({ request_id: 'req-thumbs', score: 0, label: 'x'.repeat(200) });
    assert.equal(edges.status, 200, JSON.stringify(edges.body));
    // Two may share a millisecond, so compare by id rather than by order.
    const stored = new Map((await store.feedbackFor('req-thumbs')).map((record) => [record.id, [record.score, record.label]]));
    assert.deepEqual(stored, new Map([[up.body.id, [1, 'helpful']], [down.body.id, [0, undefined]], [edges.body.id, [0, 'x'.repeat(200)]]]));
  });

  test('bad bodies are 400s that name the field and say what is wanted; nothing is stored', async () => {
    const cases: Array<[unknown, string | null, RegExp]> = [
      [{ score: 1 }, 'request_id', /request_id: is required: the x-request-id of the answer/],
      [{ request_id: 42, score: 1 }, 'request_id', /request_id: must be a string: the x-request-id of an answer/],
      [{ request_id: 'has spaces', score: 1 }, 'request_id', /request_id: must be the x-request-id of an answer: 1–128 letters/],
      [{ request_id: 'r'.repeat(129), score: 1 }, 'request_id', /request_id: must be the x-request-id of an answer/],
      [{ request_id: 'req-bad' }, 'score', /score: give either "score" \(0 to 1\) or "thumbs" \("up" or "down"\)/],
      [{ request_id: 'req-bad', score: 1.5 }, 'score', /score: must be from 0 to 1/],
      [{ request_id: 'req-bad', score: -0.1 }, 'score', /score: must be from 0 to 1/],
      [{ request_id: 'req-bad', score: 'high' }, 'score', /score: must be a number from 0 \(bad\) to 1 \(good\)/],
      [{ request_id: 'req-bad', thumbs: 'sideways' }, 'thumbs', /thumbs: must be "up" or "down"/],
      [{ request_id: 'req-bad', score: 1, thumbs: 'up' }, 'thumbs', /thumbs: give "score" or "thumbs", not both/],
      [{ request_id: 'req-bad', score: 1, label: 'x'.repeat(201) }, 'label', /label: must be at most 200 characters/],
      [{ request_id: 'req-bad', score: 1, label: 7 }, 'label', /label: must be a string/],
      [{ request_id: 'req-bad', score: 1, comment: 'great' }, null, /\(body\): unknown field\(s\) "comment": a feedback request has request_id, score or thumbs, and label/],
      [[{ request_id: 'req-bad', score: 1 }], null, /feedback request body must be a JSON object, not an array/],
    ];
    for (const [body, param, message] of cases) {
      const answer = await feedback(body);
      assertError(answer, 400, 'GW_ERR_REQUEST_INVALID', param, message);
      assert.equal(answer.body.error.type, 'invalid_request_error');
      assert.match(answer.body.error.message, /^(Invalid feedback request: |The feedback request body)/);
    }
    assertError(await feedback('{"request_id": '), 400, 'GW_ERR_REQUEST_INVALID_JSON', null, /not valid JSON/);
    assert.deepEqual(await store.feedbackFor('req-bad'), []);
  });

  test('a virtual key rates its own request; another key gets 404 as if the request were unknown, and nothing is stored for it', async () => {
    const requestId = await loggedRequest(keyA.key);
    const other = await feedback({ request_id: requestId, thumbs: 'down' }, keyB.key);
    assertError(other, 404, 'GW_ERR_FEEDBACK_REQUEST_NOT_FOUND', 'request_id', new RegExp(`No request "${requestId}" made with this key is known`));
    assert.equal(other.body.error.type, 'not_found_error');
    const own = await feedback({ request_id: requestId, thumbs: 'up', label: 'spot on' }, keyA.key);
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.deepEqual(await store.feedbackFor(requestId), [{ id: own.body.id, requestId, at: (await store.feedbackFor(requestId))[0]!.at, keyId: keyA.id, score: 1, label: 'spot on' }]);
    // The master key may rate any request.
    assert.equal((await feedback({ request_id: requestId, score: 0.5 })).status, 200);
  });

  test('a client x-request-id finds the request too: the key that sent it may rate it, another may not', async () => {
    const clientId = `client-${Date.now()}`;
    assert.equal(await loggedRequest(keyA.key, clientId), clientId);
    assertError(await feedback({ request_id: clientId, score: 0.2 }, keyB.key), 404, 'GW_ERR_FEEDBACK_REQUEST_NOT_FOUND', 'request_id', /made with this key/);
    const own = await feedback({ request_id: clientId, score: 0.2 }, keyA.key);
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.deepEqual((await store.feedbackFor(clientId)).map((record) => [record.keyId, record.score]), [[keyA.id, 0.2]]);
  });

  test('a request id the log does not know (yet) is accepted, with the key that gave it', async () => {
    const answer = await feedback({ request_id: 'not-written-yet', score: 0.9 }, keyB.key);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual((await store.feedbackFor('not-written-yet')).map((record) => [record.id, record.keyId, record.score]), [[answer.body.id, keyB.id, 0.9]]);
    const listed = await store.listFeedback({ keyId: keyB.id, limit: 10 });
    assert.ok(listed.some((record) => record.id === answer.body.id));
  });

  test('authenticated like every /v1 route, and POST only', async () => {
    assertError(await feedback({ request_id: 'req-auth', score: 1 }, null), 401, 'GW_ERR_AUTH_MISSING_KEY', null, /./);
    assertError(await feedback({ request_id: 'req-auth', score: 1 }, 'sk-sr-not-a-key'), 401, 'GW_ERR_AUTH_INVALID_KEY', null, /./);
    const get = await fetch(`${gateway.url}/v1/feedback`, { headers: { authorization: `Bearer ${MASTER}` } });
    assert.equal(get.status, 405);
    assert.match(((await get.json()) as { error: { message: string } }).error.message, /\/v1\/feedback takes POST, not GET/);
    // Served without the /v1 prefix too, like the other routes.
    const bare = await fetch(`${gateway.url}/feedback`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}` }, body: JSON.stringify({ request_id: 'req-bare', score: 1 }) });
    assert.equal(bare.status, 200);
    assert.deepEqual(await store.feedbackFor('req-auth'), []);
  });
});

test('a database that does not answer: 503 GW_ERR_STORE_UNAVAILABLE naming it, saying nothing was saved', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-feedback-'));
  const broken = await startTestGateway({ tree: { auth: { master_key: MASTER }, server: { data_dir: directory } } });
  try {
    await broken.app.runtime().gateway.admin.store.close();
    const answer = await feedback({ request_id: 'req-lost', score: 1 }, MASTER, broken.url);
    assertError(answer, 503, 'GW_ERR_STORE_UNAVAILABLE', null, /^The SQLite database failed \(.+\), so the feedback could not be stored and nothing was saved\. Send the feedback again/);
    assert.equal(answer.body.error.type, 'api_error');
  } finally {
    await broken.close().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  }
});
