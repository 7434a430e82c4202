import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { StoreConflictError, type FeedbackRecord, type Store } from './store-port.js';

const DAY0 = Date.UTC(2025, 0, 15);

function feedback(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return { id: 'fb-a', requestId: 'req-a', at: DAY0, score: 1, ...overrides };
}

/**
 * The feedback part of the store contract, registered inside storeConformance's describe so every
 * implementation runs it. `openStore` answers a new, empty, migrated store closed after the test.
 */
export function feedbackConformance(openStore: (context: TestContext) => Promise<Store>): void {
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
