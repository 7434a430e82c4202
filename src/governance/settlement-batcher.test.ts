import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryState } from '../state/memory/create-memory-state.js';
import type { Settlement, StatePort } from '../state/state-port.js';
import type { Hold, LimitScope } from './admission-checks.js';
import { SettlementBatcher } from './settlement-batcher.js';

const scope: LimitScope = { kind: 'key', id: 'k1', name: 'app', limits: {} };
const budgetHold = (key: string): Hold & { kind: 'budget' } => ({
  kind: 'budget',
  scope,
  key,
  budget: { period: 'total', limitUsd: 1, alertAt: 0.5 },
  amountNusd: 100,
  limitNusd: 1e9,
  fromDay: undefined,
  resetsAt: undefined,
});
const tpmHold: Hold = { kind: 'tpm', scope, key: 'gov:tpm:key:k1', limit: 1e6, tokens: 10 };
const parallelHold = (holder: string): Hold => ({ kind: 'parallel', scope, key: 'gov:par:key:k1', limit: 10, holder });

/** The memory state, counting settleAll calls and keeping what each was sent. */
function countingState(): { state: StatePort; batches: Settlement[][] } {
  const state = createMemoryState({});
  const batches: Settlement[][] = [];
  const settleAll = state.settleAll.bind(state);
  state.settleAll = (settlements) => {
    batches.push([...settlements]);
    return settleAll(settlements);
  };
  return { state, batches };
}

test('settlements that arrive together go in one settleAll, summed per counter and per window', async () => {
  const { state, batches } = countingState();
  await state.seedCounter('budget-a', 1_000, 0);
  assert.equal(await state.acquireLease('gov:par:key:k1', 'r1', 10, 60_000), true);
  assert.equal(await state.acquireLease('gov:par:key:k1', 'r2', 10, 60_000), true);
  const counters: Array<[string, number]> = [];
  const batcher = new SettlementBatcher({ state, delayMs: 50, maxPending: 100, onCounter: (hold, value) => counters.push([hold.key, value]), onError: (error) => assert.fail(String(error)) });
  batcher.add({ kind: 'counter-adjust', key: 'budget-a', amount: -40 }, budgetHold('budget-a'));
  batcher.add({ kind: 'counter-adjust', key: 'budget-a', amount: -25 }, budgetHold('budget-a'));
  batcher.add({ kind: 'window-add', key: tpmHold.key, windowMs: 60_000, amount: -3 }, tpmHold);
  batcher.add({ kind: 'window-add', key: tpmHold.key, windowMs: 60_000, amount: -4 }, tpmHold);
  batcher.add({ kind: 'lease-release', key: 'gov:par:key:k1', holder: 'r1' }, parallelHold('r1'));
  batcher.add({ kind: 'lease-release', key: 'gov:par:key:k1', holder: 'r2' }, parallelHold('r2'));
  assert.equal(batches.length, 0, 'nothing is sent before the delay or a flush');
  await batcher.flush();
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0], [
    { kind: 'window-add', key: tpmHold.key, windowMs: 60_000, amount: -7 },
    { kind: 'counter-adjust', key: 'budget-a', amount: -65 },
    { kind: 'lease-release', key: 'gov:par:key:k1', holder: 'r1' },
    { kind: 'lease-release', key: 'gov:par:key:k1', holder: 'r2' },
  ]);
  assert.equal(await state.readCounter('budget-a'), 935);
  assert.equal(await state.countLeases('gov:par:key:k1'), 0);
  assert.deepEqual(counters, [['budget-a', 935]], 'the counter value after the batch reaches the alert check');
});

test('the delay sends a batch by itself, and a full batch goes at once', async () => {
  const { state, batches } = countingState();
  const batcher = new SettlementBatcher({ state, delayMs: 5, maxPending: 3, onCounter: () => {}, onError: (error) => assert.fail(String(error)) });
  batcher.add({ kind: 'window-add', key: 'w', windowMs: 60_000, amount: 1 }, tpmHold);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(batches.length, 1, 'sent after the delay without a flush');
  for (let index = 0; index < 3; index++) batcher.add({ kind: 'lease-release', key: 'l', holder: `h${index}` }, parallelHold(`h${index}`));
  assert.equal(batches.length, 2, 'the third waiting settlement sent the batch at once');
  await batcher.flush();
  assert.equal(batches.length, 2, 'a flush with nothing waiting sends nothing');
});

test('a failed batch is reported, and later batches still go', async () => {
  const { state, batches } = countingState();
  const errors: unknown[] = [];
  const failure = new Error('Redis down');
  const settleAll = state.settleAll;
  state.settleAll = () => Promise.reject(failure);
  const batcher = new SettlementBatcher({ state, delayMs: 1_000, maxPending: 100, onCounter: () => {}, onError: (error) => errors.push(error) });
  batcher.add({ kind: 'window-add', key: 'w', windowMs: 60_000, amount: 1 }, tpmHold);
  await batcher.flush();
  assert.deepEqual(errors, [failure]);
  state.settleAll = settleAll;
  batcher.add({ kind: 'window-add', key: 'w', windowMs: 60_000, amount: 2 }, tpmHold);
  await batcher.flush();
  assert.equal(batches.length, 1);
});
