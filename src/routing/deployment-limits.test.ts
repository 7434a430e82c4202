import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { createMemoryState } from '../state/memory/create-memory-state.js';
import { createRedisState } from '../state/redis/create-redis-state.js';
import type { StatePort } from '../state/state-port.js';
import type { Deployment } from './deployment.js';
import { DeploymentLimits } from './deployment-limits.js';
import { candidateFixture } from './strategies/strategy-fixtures.js';

/** The start of a one-minute window, so the previous window is empty and counts are exact. */
const WINDOW_START = 60_000 * 28_000_000;

function manualClock(start = WINDOW_START): { now: () => number; advance: (milliseconds: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (milliseconds) => {
      time += milliseconds;
    },
  };
}

function limited(id: string, limits: { rpm?: number; tpm?: number }): Deployment {
  return { ...candidateFixture(id).deployment, rpm: limits.rpm, tpm: limits.tpm };
}

function memoryLimits(clock = manualClock()) {
  const errors: unknown[] = [];
  const limits = new DeploymentLimits(createMemoryState({ now: clock.now }), clock.now, (error) => errors.push(error));
  return { limits, clock, errors };
}

/** "Redis down": every method of the port fails. */
function unreachableState(failure: Error): StatePort {
  const reject = () => Promise.reject(failure);
  return {
    kind: 'redis',
    getRecords: reject,
    compareAndSet: reject,
    watchRecords: () => {
      throw failure;
    },
    consume: reject,
    add: reject,
    increment: reject,
    reserve: reject,
    seedCounter: reject,
    adjustCounter: reject,
    readCounter: reject,
    acquireLease: reject,
    releaseLease: reject,
    countLeases: reject,
    admitAll: reject,
    settleAll: reject,
    publishGauges: reject,
    readOtherGauges: reject,
    close: reject,
  };
}

test('rpm is enforced exactly: the limit-th request passes, the next is refused with a retry-after', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { rpm: 3 });
  for (let request = 1; request <= 3; request++) assert.deepEqual(await limits.acquire(deployment, 100), { ok: true }, `request ${request}`);
  const refused = await limits.acquire(deployment, 100);
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.retryAfterMs > 0);
  assert.ok(!refused.ok && refused.reason.includes('at its rpm limit (3 requests a minute)'), !refused.ok ? refused.reason : '');
  assert.deepEqual(await limits.acquire(limited('beta/model', { rpm: 3 }), 100), { ok: true }, 'another deployment has its own allowance');
});

test('rpm frees up as the window slides by', async () => {
  const { limits, clock } = memoryLimits();
  const deployment = limited('alpha/model', { rpm: 2 });
  await limits.acquire(deployment, 1);
  await limits.acquire(deployment, 1);
  const refused = await limits.acquire(deployment, 1);
  assert.ok(!refused.ok);
  clock.advance(refused.retryAfterMs);
  assert.deepEqual(await limits.acquire(deployment, 1), { ok: true }, 'room again once its retry-after has passed');
});

test('tpm draws each request\'s estimate and refuses the one that would go over', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { tpm: 1_000 });
  assert.deepEqual(await limits.acquire(deployment, 400), { ok: true });
  assert.deepEqual(await limits.acquire(deployment, 400), { ok: true });
  const refused = await limits.acquire(deployment, 400);
  assert.ok(!refused.ok && refused.retryAfterMs > 0);
  assert.ok(!refused.ok && refused.reason.includes('at its tpm limit (1000 tokens a minute; this request needs about 400)'), !refused.ok ? refused.reason : '');
  assert.deepEqual(await limits.acquire(deployment, 200), { ok: true }, 'a smaller request still fits exactly');
  assert.equal((await limits.acquire(deployment, 1)).ok, false);
});

test('an estimate above tpm goes through on an empty window (drawing the whole allowance), not never', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { tpm: 1_000 });
  assert.deepEqual(await limits.acquire(deployment, 5_000), { ok: true });
  assert.equal((await limits.acquire(deployment, 1)).ok, false);
});

test('a request refused by tpm gives back the rpm slot it took', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { rpm: 2, tpm: 1_000 });
  assert.deepEqual(await limits.acquire(deployment, 600), { ok: true });
  const refused = await limits.acquire(deployment, 600);
  assert.ok(!refused.ok && refused.reason.includes('tpm'));
  await nextTurn();
  assert.deepEqual(await limits.acquire(deployment, 100), { ok: true }, 'the refused request did not use up the second request of the minute');
  const third = await limits.acquire(deployment, 100);
  assert.ok(!third.ok && third.reason.includes('rpm'), 'two requests really went through: the rpm limit holds');
});

test('check() is ok for a deployment without limits or never refused', async () => {
  const { limits } = memoryLimits();
  assert.deepEqual(limits.check(candidateFixture('free/model').deployment), { ok: true });
  assert.deepEqual(limits.check(limited('alpha/model', { rpm: 1 })), { ok: true });
});

test('check() skips a refused deployment until its retry-after has passed, without asking the state', async () => {
  const { limits, clock } = memoryLimits();
  const deployment = limited('alpha/model', { rpm: 1 });
  const other = limited('beta/model', { rpm: 1 });
  await limits.acquire(deployment, 10);
  const refused = await limits.acquire(deployment, 10);
  assert.ok(!refused.ok);
  assert.deepEqual(limits.check(deployment), refused, 'the same wait and reason as the refusal');
  assert.deepEqual(limits.check(other), { ok: true });
  clock.advance(refused.retryAfterMs - 1_000);
  assert.deepEqual(limits.check(deployment), { ok: false, retryAfterMs: 1_000, reason: refused.reason }, 'the wait shrinks with time');
  clock.advance(1_000);
  assert.deepEqual(limits.check(deployment), { ok: true });
  assert.deepEqual(await limits.acquire(deployment, 10), { ok: true }, 'and the state agrees');
});

test('settle() lowers the token window to the real usage, making room', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { tpm: 1_000 });
  await limits.acquire(deployment, 800);
  limits.settle(deployment, 800, 200);
  await nextTurn();
  assert.deepEqual(await limits.acquire(deployment, 800), { ok: true });
  assert.equal((await limits.acquire(deployment, 1)).ok, false);
});

test('settle() raises the token window when the answer used more than estimated', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { tpm: 1_000 });
  await limits.acquire(deployment, 100);
  limits.settle(deployment, 100, 900);
  await nextTurn();
  assert.equal((await limits.acquire(deployment, 200)).ok, false);
  assert.deepEqual(await limits.acquire(deployment, 100), { ok: true });
});

test('settle() corrects from what was drawn when the estimate was above tpm', async () => {
  const { limits } = memoryLimits();
  const deployment = limited('alpha/model', { tpm: 1_000 });
  await limits.acquire(deployment, 5_000);
  limits.settle(deployment, 5_000, 300);
  await nextTurn();
  assert.deepEqual(await limits.acquire(deployment, 700), { ok: true });
  assert.equal((await limits.acquire(deployment, 1)).ok, false);
});

test('settle() counts the real usage even when it equals an estimate above tpm', async () => {
  // Two deployments draw their whole allowance for an estimate of 5000 tokens; one really used 4999,
  // the other exactly 5000. A minute and a half later the second must be at least as busy as the first.
  const { limits, clock } = memoryLimits();
  const almost = limited('alpha/model', { tpm: 1_000 });
  const exactly = limited('beta/model', { tpm: 1_000 });
  await limits.acquire(almost, 5_000);
  await limits.acquire(exactly, 5_000);
  limits.settle(almost, 5_000, 4_999);
  limits.settle(exactly, 5_000, 5_000);
  await nextTurn();
  clock.advance(90_000);
  assert.equal((await limits.acquire(almost, 500)).ok, false, 'about 2500 of the 4999 tokens still count');
  assert.equal((await limits.acquire(exactly, 500)).ok, false, 'about 2500 of the 5000 tokens still count');
});

test('when the state does not answer, a request goes ahead and the error is reported', async () => {
  const failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');
  const errors: unknown[] = [];
  const clock = manualClock();
  const limits = new DeploymentLimits(unreachableState(failure), clock.now, (error) => errors.push(error));
  for (const deployment of [limited('alpha/model', { rpm: 1 }), limited('beta/model', { tpm: 10 }), limited('gamma/model', { rpm: 1, tpm: 10 })]) {
    assert.deepEqual(await limits.acquire(deployment, 50), { ok: true }, deployment.id);
    assert.deepEqual(limits.check(deployment), { ok: true }, `${deployment.id}: no refusal remembered`);
  }
  assert.deepEqual(errors, [failure, failure, failure], 'one report per request');
});

test('a deployment without limits never touches the state', async () => {
  const errors: unknown[] = [];
  const clock = manualClock();
  const limits = new DeploymentLimits(unreachableState(new Error('down')), clock.now, (error) => errors.push(error));
  const free = candidateFixture('free/model').deployment;
  assert.deepEqual(await limits.acquire(free, 50), { ok: true });
  limits.settle(free, 50, 500);
  limits.settle(limited('alpha/model', { rpm: 5 }), 50, 500);
  limits.settle(limited('beta/model', { tpm: 100 }), 50, 50);
  await nextTurn();
  assert.deepEqual(errors, [], 'no tpm, or nothing to correct: no state call');
});

test('a settle() the state cannot take is reported, not thrown', async () => {
  const failure = new Error('command timed out');
  const errors: unknown[] = [];
  const clock = manualClock();
  const limits = new DeploymentLimits(unreachableState(failure), clock.now, (error) => errors.push(error));
  limits.settle(limited('alpha/model', { tpm: 1_000 }), 300, 200);
  await nextTurn();
  assert.deepEqual(errors, [failure]);
});

test('a refund the state cannot take is reported, and the request is still refused', async () => {
  const failure = new Error('command timed out');
  const errors: unknown[] = [];
  const clock = manualClock();
  const memory = createMemoryState({ now: clock.now });
  const state: StatePort = { ...memory, add: () => Promise.reject(failure) };
  const limits = new DeploymentLimits(state, clock.now, (error) => errors.push(error));
  const deployment = limited('alpha/model', { rpm: 5, tpm: 100 });
  assert.deepEqual(await limits.acquire(deployment, 100), { ok: true });
  const refused = await limits.acquire(deployment, 50);
  assert.ok(!refused.ok && refused.reason.includes('tpm'));
  await nextTurn();
  assert.deepEqual(errors, [failure]);
});

/** usage() against both state implementations: what a dashboard reads must be what acquire() counts, and take nothing. */
async function checkUsageReadsWithoutTaking(state: StatePort, clock: { now: () => number }): Promise<void> {
  const limits = new DeploymentLimits(state, clock.now, () => {});
  const both = limited('alpha/model', { rpm: 3, tpm: 1_000 });
  const rpmOnly = limited('beta/model', { rpm: 2 });
  const free = candidateFixture('free/model').deployment;
  assert.deepEqual(await limits.acquire(both, 400), { ok: true });
  assert.deepEqual(await limits.acquire(rpmOnly, 10), { ok: true });
  const first = await limits.usage([both, rpmOnly, free, { ...both, rpm: 10 }]);
  assert.deepEqual(
    [...first].sort(([left], [right]) => left.localeCompare(right)),
    [
      ['alpha/model', { requests: 1, tokens: 400 }],
      ['beta/model', { requests: 1 }],
    ],
    'each limited window once (a deployment listed twice shares its windows); none for a deployment without limits',
  );
  for (let read = 0; read < 5; read++) await limits.usage([both, rpmOnly]);
  assert.deepEqual(await limits.usage([both, rpmOnly]), first, 'reading changes nothing');
  assert.deepEqual(await limits.acquire(both, 600), { ok: true }, 'the 600 tokens left are all still there');
  assert.deepEqual(await limits.acquire(rpmOnly, 10), { ok: true }, 'and the second request of beta');
  assert.equal((await limits.acquire(rpmOnly, 10)).ok, false);
  assert.deepEqual((await limits.usage([both])).get('alpha/model'), { requests: 2, tokens: 1_000 });
}

test('usage() reads the windows acquire() counts, in one call that takes nothing (memory state)', async () => {
  const clock = manualClock();
  await checkUsageReadsWithoutTaking(createMemoryState({ now: clock.now }), clock);
});

test('usage() reads the windows acquire() counts, in one call that takes nothing (Redis state)', async () => {
  const clock = manualClock();
  const keyPrefix = `test:${randomUUID()}:`;
  const state = await createRedisState({ url: 'redis://127.0.0.1:6379', keyPrefix, commandTimeoutMs: 1_000, replicaId: randomUUID(), now: clock.now });
  try {
    await checkUsageReadsWithoutTaking(state, clock);
  } finally {
    await state.close();
  }
});

test('usage() asks nothing for deployments without limits, and rejects when the state does not answer', async () => {
  const failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');
  const limits = new DeploymentLimits(unreachableState(failure), manualClock().now, () => {});
  assert.deepEqual(await limits.usage([candidateFixture('free/model').deployment]), new Map());
  await assert.rejects(limits.usage([limited('alpha/model', { rpm: 1 })]), failure);
});
