import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createStore } from '../../store/create-store.js';
import type { FeedbackRecord, Store } from '../../store/store-port.js';
import { FeedbackPosterior } from './feedback-posterior.js';

const T = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
const code = { model: 'smart', category: 'code', deployment: 'sim/a' } as const;

async function openStore(context: TestContext): Promise<Store> {
  const store = await createStore(':memory:');
  context.after(() => store.close());
  return store;
}

function rating(id: string, at: number, score: number, arm: Partial<FeedbackRecord> = code): FeedbackRecord {
  return { id, requestId: `req-${id}`, at, score, ...arm };
}

function posterior(store: Store | undefined, clock: { now: number }, windowMs = 7 * DAY, errors: unknown[] = []): FeedbackPosterior {
  return new FeedbackPosterior({ source: store, windowMs, refreshMs: 60_000, now: () => clock.now, onError: (error) => errors.push(error) });
}

test('FeedbackPosterior: a reload counts the feedback of the window only, and follows the window as time passes', async (context) => {
  const store = await openStore(context);
  await store.addFeedback(rating('old', T - 8 * DAY, 0));
  await store.addFeedback(rating('recent-1', T - DAY, 1));
  await store.addFeedback(rating('recent-2', T - 1, 0.5));
  const clock = { now: T };
  const view = posterior(store, clock);
  assert.equal(view.arm('smart', 'code', 'sim/a'), undefined, 'nothing before the first load');
  await view.refresh();
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 2, scoreSum: 1.5 });
  clock.now = T + 6 * DAY + 1;
  await view.refresh();
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 0.5 }, 'recent-1 left the window');
  clock.now = T + 8 * DAY;
  await view.refresh();
  assert.equal(view.arm('smart', 'code', 'sim/a'), undefined);
});

test('FeedbackPosterior: a local rating counts at once, and a reload never counts it twice', async (context) => {
  const store = await openStore(context);
  const clock = { now: T };
  const view = posterior(store, clock);
  await view.refresh();
  // The feedback handler: the store takes the record, then the replica applies it.
  const first = rating('local-1', T, 1);
  await store.addFeedback(first);
  view.apply(code, first.score, first.at);
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 1 }, 'counted before any reload');
  // A reload that starts in the same millisecond: the totals stop before `to`, the local rating stays.
  await view.refresh();
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 1 });
  // A later reload finds it in the store and drops the local copy.
  clock.now = T + 5_000;
  await view.refresh();
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 1 });
  // Feedback another replica wrote arrives with the next reload.
  await store.addFeedback(rating('elsewhere', T + 6_000, 0));
  clock.now = T + 10_000;
  await view.refresh();
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 2, scoreSum: 1 });
});

test('FeedbackPosterior: a failed reload keeps what was known and reports the error; local ratings still count', async (context) => {
  const store = await createStore(':memory:');
  await store.addFeedback(rating('one', T - 1, 1));
  const clock = { now: T };
  const errors: unknown[] = [];
  const view = posterior(store, clock, 7 * DAY, errors);
  await view.refresh();
  await store.close();
  view.apply(code, 0, T + 1);
  clock.now = T + 2;
  await view.refresh();
  assert.equal(errors.length, 1);
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 2, scoreSum: 1 });
  context.after(() => view.stop());
});

test('FeedbackPosterior without a store: the local ratings alone, the window sliding over them at each reload', async () => {
  const clock = { now: T };
  const view = posterior(undefined, clock, DAY);
  view.apply(code, 1, T);
  view.apply({ ...code, deployment: 'sim/b' }, 0, T + 1);
  view.apply(code, 1, T - 2 * DAY); // already outside the window: ignored
  await view.refresh();
  assert.deepEqual(view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 1 });
  clock.now = T + DAY + 1;
  await view.refresh();
  assert.equal(view.arm('smart', 'code', 'sim/a'), undefined);
  assert.deepEqual(view.arm('smart', 'code', 'sim/b'), { ratings: 1, scoreSum: 0 });
});
