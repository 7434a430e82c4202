import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BanditLearning, type ServedRequest } from './bandit-learning.js';

const T = Date.UTC(2026, 0, 10);

function served(id: string, fields: Partial<ServedRequest> = {}): ServedRequest {
  return { id, model: 'smart', deployment: 'sim/a', category: 'code', ...fields };
}

test('BanditLearning: one posterior per (window, refresh), shared by its holders and stopped when the last lets go', () => {
  const learning = new BanditLearning({ source: undefined, now: () => T });
  const first = learning.acquire(60_000, 1_000);
  const second = learning.acquire(60_000, 1_000);
  const other = learning.acquire(120_000, 1_000);
  assert.equal(first.view, second.view);
  assert.notEqual(first.view, other.view);
  first.release();
  first.release(); // twice is once
  assert.equal(learning.acquire(60_000, 1_000).view, second.view, 'still held by the second');
  learning.close();
  assert.equal(learning.active, false);
});

test('BanditLearning: remembers served requests by the id the client saw, only while a bandit is in use and only with a category', () => {
  const learning = new BanditLearning({ source: undefined, now: () => T });
  learning.noteServed(served('before'));
  assert.equal(learning.servedArm('before'), undefined, 'no bandit in use: nothing remembered');
  const lease = learning.acquire(60_000, 1_000);
  learning.noteServed(served('row-1'));
  learning.noteServed(served('row-2', { clientRequestId: 'client-2', keyId: 'key-a' }));
  learning.noteServed(served('row-3', { category: undefined }));
  learning.noteServed(served('row-4', { deployment: undefined }));
  assert.deepEqual(learning.servedArm('row-1'), { model: 'smart', category: 'code', deployment: 'sim/a', keyId: undefined });
  assert.deepEqual(learning.servedArm('client-2'), { model: 'smart', category: 'code', deployment: 'sim/a', keyId: 'key-a' });
  assert.equal(learning.servedArm('row-2'), undefined, 'the client saw its own id');
  assert.equal(learning.servedArm('row-3'), undefined);
  assert.equal(learning.servedArm('row-4'), undefined);
  lease.release();
  assert.equal(learning.servedArm('row-1'), undefined, 'forgotten when the last bandit goes');
});

test('BanditLearning: the oldest served request is forgotten first; a reused client id stays with its newest request', () => {
  const learning = new BanditLearning({ source: undefined, now: () => T, servedCapacity: 3 });
  learning.acquire(60_000, 1_000);
  learning.noteServed(served('a', { clientRequestId: 'reused', deployment: 'sim/old' }));
  learning.noteServed(served('b'));
  learning.noteServed(served('c', { clientRequestId: 'reused', deployment: 'sim/new' }));
  learning.noteServed(served('d')); // evicts the slot of 'a', which no longer owns "reused"
  assert.equal(learning.servedArm('reused')?.deployment, 'sim/new');
  assert.notEqual(learning.servedArm('b'), undefined);
  learning.noteServed(served('e')); // evicts 'b'
  assert.equal(learning.servedArm('b'), undefined);
  learning.noteServed(served('f')); // evicts the slot of 'c': "reused" goes
  assert.equal(learning.servedArm('reused'), undefined);
  assert.notEqual(learning.servedArm('f'), undefined);
  learning.close();
});

test('BanditLearning: feedback applied reaches every posterior in use at once', async () => {
  const learning = new BanditLearning({ source: undefined, now: () => T });
  const week = learning.acquire(7 * 86_400_000, 1_000);
  const hour = learning.acquire(3_600_000, 1_000);
  learning.noteServed(served('r'));
  const arm = learning.servedArm('r');
  assert.ok(arm !== undefined);
  learning.applyFeedback(arm, 0.75, T);
  assert.deepEqual(week.view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 0.75 });
  assert.deepEqual(hour.view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 0.75 });
  await learning.refresh();
  assert.deepEqual(week.view.arm('smart', 'code', 'sim/a'), { ratings: 1, scoreSum: 0.75 }, 'without a store the local ratings are all there is');
  learning.close();
});
