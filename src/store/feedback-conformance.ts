import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { StoreConflictError, type FeedbackRecord, type RequestLogRow, type Store } from './store-port.js';

const DAY0 = Date.UTC(2025, 0, 15);

function feedback(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return { id: 'fb-a', requestId: 'req-a', at: DAY0, score: 1, ...overrides };
}

/**
 * The feedback part of the store contract, registered inside storeConformance's describe so every
 * implementation runs it. `openStore` answers a new, empty, migrated store closed after the test.
 */
export function feedbackConformance(openStore: (context: TestContext) => Promise<Store>): void {
  feedbackTotalsConformance(openStore);
  test('feedback: every field round-trips, fractions exactly; absent key and label come back absent', async (context) => {
    const store = await openStore(context);
    const full = feedback({ id: 'fb-full', keyId: 'key-a', score: 0.7, label: 'wrong language' });
    const bare = feedback({ id: 'fb-bare', at: DAY0 + 1, score: 0 });
    await store.addFeedback(full);
    await store.addFeedback(bare);
    // Strict deepEqual: a key read back as `keyId: undefined` would not equal `bare`.
    const read = await store.feedbackFor('req-a');
    assert.deepEqual(read, [full, bare]);
    assert.equal(read[0]?.score, 0.7);
    assert.deepEqual(await store.feedbackFor('req-none'), []);
  });

  test('feedback: needs no request log row (the row may still be queued); a duplicate id is a StoreConflictError', async (context) => {
    const store = await openStore(context);
    assert.equal(await store.getRequestLog('req-a'), undefined);
    await store.addFeedback(feedback());
    await assert.rejects(store.addFeedback(feedback({ score: 0 })), (error: unknown) => error instanceof StoreConflictError && /fb-a/.test(error.message));
    assert.deepEqual(await store.feedbackFor('req-a'), [feedback()]);
  });

  test('feedbackFor: only that request, oldest first by (at, id), whoever gave it', async (context) => {
    const store = await openStore(context);
    const records = [
      feedback({ id: 'fb-3', at: DAY0 + 2, keyId: 'key-a' }),
      feedback({ id: 'fb-2', at: DAY0 + 1, score: 0.25 }),
      feedback({ id: 'fb-1', at: DAY0 + 1, keyId: 'key-b', score: 0.5 }),
      feedback({ id: 'fb-other', requestId: 'req-b', at: DAY0 }),
    ];
    for (const record of records) await store.addFeedback(record);
    assert.deepEqual((await store.feedbackFor('req-a')).map((record) => record.id), ['fb-1', 'fb-2', 'fb-3']);
    assert.deepEqual(await store.feedbackFor('req-b'), [records[3]]);
  });

  test('listFeedback: newest first by (at, id); from inclusive, to exclusive; by key; pages join into the whole list', async (context) => {
    const store = await openStore(context);
    // Ten records, two per millisecond, keys alternating.
    const records = Array.from({ length: 10 }, (_, index) =>
      feedback({ id: `fb-${index}`, requestId: `req-${index % 3}`, at: DAY0 + Math.floor(index / 2), score: index / 10, ...(index % 2 === 0 ? { keyId: 'key-even' } : {}) }),
    );
    for (const record of [...records].reverse()) await store.addFeedback(record);
    const newestFirst = [...records].reverse();
    assert.deepEqual(await store.listFeedback({ limit: 100 }), newestFirst);
    assert.deepEqual((await store.listFeedback({ limit: 100, from: DAY0 + 1, to: DAY0 + 3 })).map((record) => record.id), ['fb-5', 'fb-4', 'fb-3', 'fb-2']);
    assert.deepEqual((await store.listFeedback({ limit: 100, keyId: 'key-even' })).map((record) => record.id), ['fb-8', 'fb-6', 'fb-4', 'fb-2', 'fb-0']);

    const pages: FeedbackRecord[][] = [];
    let before: { at: number; id: string } | undefined;
    for (;;) {
      const page = await store.listFeedback({ limit: 3, ...(before === undefined ? {} : { before }) });
      if (page.length === 0) break;
      pages.push(page);
      const last = page[page.length - 1]!;
      before = { at: last.at, id: last.id };
    }
    assert.deepEqual(pages.map((page) => page.length), [3, 3, 3, 1]);
    assert.deepEqual(pages.flat(), newestFirst);
    assert.deepEqual((await store.listFeedback({ limit: 2, keyId: 'key-even', before: { at: DAY0 + 3, id: 'fb-7' } })).map((record) => record.id), ['fb-6', 'fb-4']);
  });
}

function logRow(overrides: Partial<RequestLogRow> & { id: string }): RequestLogRow {
  return {
    at: DAY0,
    endpoint: 'chat',
    model: 'smart',
    deployment: 'sim/a',
    provider: 'sim',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 1,
    outputTokens: 1,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 0,
    latencyMs: 1,
    ...overrides,
  };
}

/** The feedbackTotals cases, registered beside the others by feedbackConformance. */
export function feedbackTotalsConformance(openStore: (context: TestContext) => Promise<Store>): void {
  test('feedbackTotals: sums per (model, category, deployment) through the log row by id or client id, or the record\'s own fields; NULL category is "default"; another key\'s rating does not count', async (context) => {
    const store = await openStore(context);
    await store.writeRequests(
      [
        logRow({ id: 'r-code-a', category: 'code', keyId: 'key-a' }),
        logRow({ id: 'r-code-b', category: 'code', deployment: 'sim/b' }),
        logRow({ id: 'r-plain-a' }),
        // The client sent its own x-request-id; feedback names that id.
        logRow({ id: 'uuid-1', clientRequestId: 'client-7', category: 'code' }),
        // No deployment served it: nothing to learn about.
        logRow({ id: 'r-failed', deployment: undefined, provider: undefined, status: 503, category: 'code' }),
      ],
      { log: true },
    );
    const read = await store.getRequestLog('r-code-a');
    assert.equal(read?.category, 'code');
    assert.equal((await store.getRequestLog('r-plain-a'))?.category, undefined, 'no category comes back absent');
    const records = [
      feedback({ id: 'f1', requestId: 'r-code-a', score: 1, keyId: 'key-a' }),
      // Another virtual key's rating of key-a's request does not count.
      feedback({ id: 'f11', requestId: 'r-code-a', score: 0, keyId: 'key-b' }),
      feedback({ id: 'f2', requestId: 'r-code-a', score: 0.25, at: DAY0 + 1 }),
      feedback({ id: 'f3', requestId: 'r-code-b', score: 0 }),
      feedback({ id: 'f4', requestId: 'r-plain-a', score: 0.5 }),
      feedback({ id: 'f5', requestId: 'client-7', score: 1 }),
      feedback({ id: 'f6', requestId: 'r-failed', score: 1 }),
      feedback({ id: 'f7', requestId: 'r-unknown', score: 1 }),
      // Taken by the replica that served it: its own fields, no log row needed.
      feedback({ id: 'f8', requestId: 'r-queued', score: 0.5, model: 'smart', deployment: 'sim/b', category: 'code' }),
      feedback({ id: 'f9', requestId: 'r-queued-2', score: 1, model: 'other', deployment: 'sim/a' }),
      // Its own fields and a log row: counted once.
      feedback({ id: 'f10', requestId: 'r-code-b', score: 0, model: 'smart', deployment: 'sim/b', category: 'code' }),
      // Outside [from, to).
      feedback({ id: 'f-old', requestId: 'r-code-a', score: 1, at: DAY0 - 1 }),
      feedback({ id: 'f-new', requestId: 'r-code-a', score: 1, at: DAY0 + 10 }),
    ];
    for (const record of records) await store.addFeedback(record);
    assert.equal((await store.feedbackFor('r-queued'))[0]?.deployment, 'sim/b', 'the record\'s own fields round-trip');
    assert.deepEqual(await store.feedbackTotals({ from: DAY0, to: DAY0 + 10 }), [
      { model: 'other', category: 'default', deployment: 'sim/a', ratings: 1, scoreSum: 1 },
      { model: 'smart', category: 'code', deployment: 'sim/a', ratings: 3, scoreSum: 2.25 },
      { model: 'smart', category: 'code', deployment: 'sim/b', ratings: 3, scoreSum: 0.5 },
      { model: 'smart', category: 'default', deployment: 'sim/a', ratings: 1, scoreSum: 0.5 },
    ]);
    assert.deepEqual(await store.feedbackTotals({ from: DAY0 + 1, to: DAY0 + 2 }), [{ model: 'smart', category: 'code', deployment: 'sim/a', ratings: 1, scoreSum: 0.25 }]);
    assert.deepEqual(await store.feedbackTotals({ from: DAY0 + 100, to: DAY0 + 200 }), []);
  });
}
