import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test, type TestContext } from 'node:test';
import type { StatePort, VersionedRecord } from './state-port.js';

export interface StateConformanceOptions {
  /**
   * Another replica on the same shared state (Redis: same prefix, another replica id). Without it
   * the cross-replica cases (watchers see another instance's writes; gauges of other replicas) are not registered.
   */
  createPeer?: (now: () => number) => Promise<StatePort>;
}

/** A clock a test moves by hand; the windows, TTLs and gauge expiry of both implementations read it. */
function createTestClock(start: number) {
  let time = start;
  return { now: () => time, advance: (milliseconds: number) => void (time += milliseconds) };
}

/** Polls until `check` answers true (Redis pub/sub and expiry are asynchronous); fails after `timeoutMs`. */
async function eventually(description: string, check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${description}`);
    await sleep(10);
  }
}

const WINDOW_MS = 60_000;
/** A window boundary, so a test knows exactly how far into the window its clock is. */
const WINDOW_START = WINDOW_MS * 28_000_000;

/**
 * One suite for every StatePort implementation (memory, Redis): the contract of state-port.ts, case
 * by case. `create` makes a new instance reading the given clock; each test closes what it opened.
 */
export function runStateConformance(name: string, create: (now: () => number) => Promise<StatePort>, options: StateConformanceOptions = {}): void {
  async function open(context: TestContext, now: () => number, factory = create): Promise<StatePort> {
    const state = await factory(now);
    context.after(() => state.close());
    return state;
  }

  describe(`StatePort conformance: ${name}`, () => {
    test('compareAndSet: 0 means "must not exist", versions grow by one, a conflict answers the winner', async (context) => {
      const state = await open(context, Date.now);
      assert.deepEqual(await state.compareAndSet('cas:a', 0, 'first'), { written: true, record: { version: 1, value: 'first' } });
      assert.deepEqual(await state.compareAndSet('cas:a', 0, 'late'), { written: false, record: { version: 1, value: 'first' } });
      assert.deepEqual(await state.compareAndSet('cas:a', 1, 'second'), { written: true, record: { version: 2, value: 'second' } });
      assert.deepEqual(await state.compareAndSet('cas:a', 1, 'stale'), { written: false, record: { version: 2, value: 'second' } });
      assert.deepEqual(await state.compareAndSet('cas:a', 3, 'ahead'), { written: false, record: { version: 2, value: 'second' } });
      // A key that does not exist answers version 0 to an update that expected it to.
      const missing = await state.compareAndSet('cas:missing', 4, 'x');
      assert.equal(missing.written, false);
      assert.equal(missing.record.version, 0);

      const records = await state.getRecords(['cas:a', 'cas:missing']);
      assert.deepEqual([...records], [['cas:a', { version: 2, value: 'second' }]]);
      assert.deepEqual(await state.getRecords([]), new Map());
    });

    test('records expire ttlMs after their last write; a write without ttl keeps the record', async (context) => {
      const clock = createTestClock(Date.now());
      const state = await open(context, clock.now);
      await state.compareAndSet('ttl:long', 0, 'stays', 60_000);
      await state.compareAndSet('ttl:short', 0, 'goes', 50);
      await state.compareAndSet('ttl:cleared', 0, 'first', 500);
      await state.compareAndSet('ttl:cleared', 1, 'second');
      assert.equal((await state.getRecords(['ttl:long'])).get('ttl:long')?.value, 'stays');

      const startedAt = Date.now();
      await eventually('the short-lived record is gone and the cleared TTL has passed', async () => {
        clock.advance(100);
        return !(await state.getRecords(['ttl:short'])).has('ttl:short') && Date.now() - startedAt > 600;
      });
      const records = await state.getRecords(['ttl:long', 'ttl:short', 'ttl:cleared']);
      assert.deepEqual([...records.keys()].sort(), ['ttl:cleared', 'ttl:long']);
      // An expired record is gone for compareAndSet too: 0 writes it afresh at version 1.
      assert.deepEqual(await state.compareAndSet('ttl:short', 0, 'again'), { written: true, record: { version: 1, value: 'again' } });
    });

    test('watchers see every write under their prefix, their own replica included, until they stop', async (context) => {
      const state = await open(context, Date.now);
      const seen: Array<[string, VersionedRecord]> = [];
      const alsoSeen: string[] = [];
      const stop = state.watchRecords('watch:', (key, record) => seen.push([key, record]));
      state.watchRecords('watch:', (key) => alsoSeen.push(key));

      await state.compareAndSet('watch:one', 0, 'v1');
      await state.compareAndSet('other:one', 0, 'elsewhere');
      await state.compareAndSet('watch:one', 1, 'v2');
      await eventually('both writes arrived', () => seen.length === 2);
      assert.deepEqual(seen, [
        ['watch:one', { version: 1, value: 'v1' }],
        ['watch:one', { version: 2, value: 'v2' }],
      ]);

      stop();
      await state.compareAndSet('watch:two', 0, 'after stop');
      await eventually('the remaining watcher saw the last write', () => alsoSeen.includes('watch:two'));
      assert.equal(seen.length, 2);
      // A conflict writes nothing, so it announces nothing.
      await state.compareAndSet('watch:two', 0, 'conflict');
      await state.compareAndSet('watch:three', 0, 'marker');
      await eventually('the marker arrived', () => alsoSeen.includes('watch:three'));
      assert.deepEqual(alsoSeen, ['watch:one', 'watch:one', 'watch:two', 'watch:three']);
    });

    // Only implementations shared between replicas have these cases; a single-replica one does not register them.
    const acrossReplicas = options.createPeer === undefined ? () => undefined : test;
    acrossReplicas('watchers see the writes of another replica', async (context) => {
      const state = await open(context, Date.now);
      const peer = await open(context, Date.now, options.createPeer);
      const seen: Array<[string, VersionedRecord]> = [];
      state.watchRecords('shared:', (key, record) => seen.push([key, record]));
      await peer.compareAndSet('shared:record', 0, 'from the peer');
      await eventually('the peer write arrived', () => seen.length === 1);
      assert.deepEqual(seen, [['shared:record', { version: 1, value: 'from the peer' }]]);
      assert.equal((await state.getRecords(['shared:record'])).get('shared:record')?.value, 'from the peer');
    });

    test('consume: allows up to the limit within a window, then denies with the wait until it fits', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      assert.deepEqual(await state.consume('window:fresh', WINDOW_MS, 5, 0), { allowed: true, count: 0, retryAfterMs: 0 });
      for (let expected = 1; expected <= 5; expected += 1) {
        assert.deepEqual(await state.consume('window:a', WINDOW_MS, 5, 1), { allowed: true, count: expected, retryAfterMs: 0 });
      }
      // Full: the 5 of this window become the previous window's 5, which must fall to 4 (a fifth of
      // the next window in) before one more fits.
      assert.deepEqual(await state.consume('window:a', WINDOW_MS, 5, 1), { allowed: false, count: 5, retryAfterMs: WINDOW_MS + WINDOW_MS / 5 });
      assert.deepEqual(await state.consume('window:a', WINDOW_MS, 5, 0), { allowed: true, count: 5, retryAfterMs: 0 });
      // A request larger than the whole limit never fits; the answer is when the window is empty.
      assert.deepEqual(await state.consume('window:a', WINDOW_MS, 5, 6), { allowed: false, count: 5, retryAfterMs: 2 * WINDOW_MS });
      // Keys are independent.
      assert.deepEqual(await state.consume('window:b', WINDOW_MS, 5, 5), { allowed: true, count: 5, retryAfterMs: 0 });
    });

    test('consume: the previous window counts for the share the sliding window still overlaps', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      assert.equal((await state.consume('slide', WINDOW_MS, 10, 8)).allowed, true);
      clock.advance(WINDOW_MS + WINDOW_MS / 4);
      // 8 × ¾ = 6 of the previous window still count.
      assert.deepEqual(await state.consume('slide', WINDOW_MS, 10, 0), { allowed: true, count: 6, retryAfterMs: 0 });
      assert.deepEqual(await state.consume('slide', WINDOW_MS, 10, 3), { allowed: true, count: 9, retryAfterMs: 0 });
      // 2 more need the previous share down to 10 − 2 − 3 = 5: 8 × (1 − t/W) ≤ 5 at t = 3/8 W, an eighth of a window from now.
      assert.deepEqual(await state.consume('slide', WINDOW_MS, 10, 2), { allowed: false, count: 9, retryAfterMs: WINDOW_MS / 8 });
      clock.advance(WINDOW_MS / 8);
      assert.deepEqual(await state.consume('slide', WINDOW_MS, 10, 2), { allowed: true, count: 10, retryAfterMs: 0 });
      // Two windows later nothing is left.
      clock.advance(2 * WINDOW_MS);
      assert.deepEqual(await state.consume('slide', WINDOW_MS, 10, 0), { allowed: true, count: 0, retryAfterMs: 0 });
    });

    test('add corrects the current window without a limit check, downwards too', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.add('correct', WINDOW_MS, 3);
      assert.equal((await state.consume('correct', WINDOW_MS, 5, 0)).count, 3);
      await state.add('correct', WINDOW_MS, -2);
      assert.equal((await state.consume('correct', WINDOW_MS, 5, 0)).count, 1);
      await state.add('correct', WINDOW_MS, 10);
      assert.deepEqual(await state.consume('correct', WINDOW_MS, 5, 0), { allowed: false, count: 11, retryAfterMs: WINDOW_MS + Math.ceil(WINDOW_MS * (1 - 5 / 11)) });
      // A correction below zero leaves the count at zero, not negative.
      await state.add('correct', WINDOW_MS, -20);
      assert.deepEqual(await state.consume('correct', WINDOW_MS, 5, 0), { allowed: true, count: 0, retryAfterMs: 0 });
      await assert.rejects(state.add('correct', 0, 1), RangeError);
    });

    test('increment starts at 1 and grows by one per key', async (context) => {
      const state = await open(context, Date.now);
      assert.equal(await state.increment('counter:a'), 1);
      assert.equal(await state.increment('counter:a'), 2);
      assert.equal(await state.increment('counter:b'), 1);
      assert.equal(await state.increment('counter:a'), 3);
    });

    test('reserve: missing until seeded, then adds while the sum stays within the limit, up to it exactly', async (context) => {
      const state = await open(context, Date.now);
      assert.deepEqual(await state.reserve('budget:a', 10, 100), { status: 'missing', value: 0 });
      assert.equal(await state.readCounter('budget:a'), undefined, 'asking does not create the counter');
      assert.equal(await state.seedCounter('budget:a', 0, 0), 0);
      assert.deepEqual(await state.reserve('budget:a', 30, 100), { status: 'ok', value: 30 });
      assert.deepEqual(await state.reserve('budget:a', 70, 100), { status: 'ok', value: 100 }, 'exactly the limit fits');
      assert.deepEqual(await state.reserve('budget:a', 1, 100), { status: 'over', value: 100 });
      assert.deepEqual(await state.reserve('budget:a', 1, 101), { status: 'ok', value: 101 }, 'the limit is the caller’s, per call');
      assert.equal(await state.readCounter('budget:a'), 101);
      // A counter seeded above its limit (spend recorded before the limit was lowered) refuses everything.
      assert.equal(await state.seedCounter('budget:b', 500, 0), 500);
      assert.deepEqual(await state.reserve('budget:b', 1, 100), { status: 'over', value: 500 });
      assert.equal(await state.readCounter('budget:b'), 500, 'a refusal changes nothing');
      assert.equal(await state.readCounter('budget:a'), 101, 'keys are independent');
      // Budget counters are not increment's counters.
      assert.equal(await state.increment('budget:a'), 1);
      assert.equal(await state.readCounter('budget:a'), 101);
    });

    test('seedCounter creates once: a second seed keeps the first value', async (context) => {
      const state = await open(context, Date.now);
      assert.equal(await state.seedCounter('seed:a', 40, 60_000), 40);
      assert.equal(await state.seedCounter('seed:a', 7, 60_000), 40);
      assert.deepEqual(await state.reserve('seed:a', 5, 100), { status: 'ok', value: 45 });
      assert.equal(await state.seedCounter('seed:a', 0, 0), 45, 'a seed never resets a counter in use');
      assert.equal(await state.readCounter('seed:a'), 45);
      assert.equal(await state.seedCounter('seed:negative', -3, 0), -3);
      assert.equal(await state.readCounter('seed:never-seeded'), undefined);
    });

    test('seedCounter: the counter expires ttlMs after creation (0: never), and can be seeded afresh', async (context) => {
      const clock = createTestClock(Date.now());
      const state = await open(context, clock.now);
      await state.seedCounter('seed:short', 7, 50);
      await state.seedCounter('seed:long', 8, 60_000);
      await state.seedCounter('seed:forever', 9, 0);
      // Changing a counter does not change when it expires.
      assert.deepEqual(await state.reserve('seed:short', 1, 100), { status: 'ok', value: 8 });
      assert.equal(await state.adjustCounter('seed:short', 1), 9);
      await eventually('the short-lived counter is gone', async () => {
        clock.advance(100);
        return (await state.readCounter('seed:short')) === undefined;
      });
      assert.deepEqual(await state.reserve('seed:short', 1, 100), { status: 'missing', value: 0 });
      assert.equal(await state.adjustCounter('seed:short', 1), undefined);
      assert.equal(await state.seedCounter('seed:short', 3, 0), 3, 'an expired counter is seeded afresh');
      assert.equal(await state.readCounter('seed:long'), 8);
      assert.equal(await state.readCounter('seed:forever'), 9);
    });

    test('adjustCounter: adds either way to an existing counter; a missing one stays missing', async (context) => {
      const state = await open(context, Date.now);
      assert.equal(await state.adjustCounter('adjust:a', 5), undefined);
      assert.equal(await state.readCounter('adjust:a'), undefined, 'adjusting does not create the counter');
      await state.seedCounter('adjust:a', 10, 0);
      assert.equal(await state.adjustCounter('adjust:a', -4), 6);
      assert.equal(await state.adjustCounter('adjust:a', 20), 26);
      assert.equal(await state.adjustCounter('adjust:a', 0), 26);
      // Releasing more than was reserved may go below zero; the counter records it as it is.
      assert.equal(await state.adjustCounter('adjust:a', -30), -4);
      assert.equal(await state.readCounter('adjust:a'), -4);
      // Beyond the limit too: a correction is never refused for the limit's sake.
      assert.deepEqual(await state.reserve('adjust:a', 4, 5), { status: 'ok', value: 0 });
      assert.equal(await state.adjustCounter('adjust:a', 1_000), 1_000);
    });

    test('counters stay exact up to 2^53 − 1 and refuse fractions, unsafe numbers and results beyond the safe range', async (context) => {
      const state = await open(context, Date.now);
      const max = Number.MAX_SAFE_INTEGER;
      await state.seedCounter('exact:a', max - 10, 0);
      assert.deepEqual(await state.reserve('exact:a', 9, max), { status: 'ok', value: max - 1 });
      assert.deepEqual(await state.reserve('exact:a', 2, max), { status: 'over', value: max - 1 });
      assert.deepEqual(await state.reserve('exact:a', 1, max), { status: 'ok', value: max });
      assert.equal(await state.readCounter('exact:a'), max);
      assert.equal(await state.adjustCounter('exact:a', -(max - 1)), 1);
      assert.equal(await state.adjustCounter('exact:a', max - 1), max);
      await assert.rejects(state.adjustCounter('exact:a', 1), {
        name: 'RangeError',
        message: /^adjustCounter\("exact:a", 1\) would take the counter from 9007199254740991 outside ±9007199254740991, .*the counter is unchanged/,
      });
      assert.equal(await state.readCounter('exact:a'), max, 'a refused adjustment changes nothing');
      await state.seedCounter('exact:low', -max, 0);
      await assert.rejects(state.adjustCounter('exact:low', -1), RangeError);
      assert.equal(await state.readCounter('exact:low'), -max);

      await state.seedCounter('exact:b', 0, 0);
      const wholeNumber = (what: string, range: string, got: string) => ({ name: 'RangeError', message: `${what} must be a whole number ${range} (got ${got}); counters and leases count exact integers, so round the value (nano-dollars, milliseconds) before passing it` });
      const anySign = `within ±${max}`;
      await assert.rejects(state.reserve('exact:b', 1.5, 100), wholeNumber('reserve: amount', `from 1 to ${max}`, '1.5'));
      await assert.rejects(state.reserve('exact:b', 0, 100), wholeNumber('reserve: amount', `from 1 to ${max}`, '0'));
      await assert.rejects(state.reserve('exact:b', -1, 100), wholeNumber('reserve: amount', `from 1 to ${max}`, '-1'));
      await assert.rejects(state.reserve('exact:b', 2 ** 53, 2 ** 54), wholeNumber('reserve: amount', `from 1 to ${max}`, '9007199254740992'));
      await assert.rejects(state.reserve('exact:b', 1, Number.POSITIVE_INFINITY), wholeNumber('reserve: limit', anySign, 'Infinity'));
      await assert.rejects(state.seedCounter('exact:c', Number.NaN, 0), wholeNumber('seedCounter: value', anySign, 'NaN'));
      await assert.rejects(state.seedCounter('exact:c', 1, -1), wholeNumber('seedCounter: ttlMs', `from 0 to ${max}`, '-1'));
      await assert.rejects(state.seedCounter('exact:c', 1, 0.5), wholeNumber('seedCounter: ttlMs', `from 0 to ${max}`, '0.5'));
      await assert.rejects(state.adjustCounter('exact:b', 0.1), wholeNumber('adjustCounter: amount', anySign, '0.1'));
      await assert.rejects(state.adjustCounter('exact:b', -(2 ** 60)), wholeNumber('adjustCounter: amount', anySign, String(-(2 ** 60))));
      assert.equal(await state.readCounter('exact:b'), 0);
      assert.equal(await state.readCounter('exact:c'), undefined, 'a refused seed creates nothing');
    });

    test('200 concurrent reserves of 1 against a limit of 50 admit exactly 50, from two replicas where there are two', async (context) => {
      const state = await open(context, Date.now);
      // On Redis a second instance on the same prefix stands for another replica racing this one.
      const peer = options.createPeer === undefined ? state : await open(context, Date.now, options.createPeer);
      await state.seedCounter('race', 0, 60_000);
      const answers = await Promise.all(Array.from({ length: 200 }, (_, position) => (position % 2 === 0 ? state : peer).reserve('race', 1, 50)));
      const admitted = answers.filter((answer) => answer.status === 'ok');
      assert.equal(admitted.length, 50);
      assert.deepEqual(
        admitted.map((answer) => answer.value).sort((left, right) => left - right),
        Array.from({ length: 50 }, (_, position) => position + 1),
        'every admitted reserve saw its own step',
      );
      assert.ok(answers.filter((answer) => answer.status === 'over').every((answer) => answer.value === 50));
      assert.equal(await peer.readCounter('race'), 50);
    });

    test('leases: the limit holds across replicas, a holder renews its own place, a release frees one', async (context) => {
      const state = await open(context, Date.now);
      const peer = options.createPeer === undefined ? state : await open(context, Date.now, options.createPeer);
      assert.equal(await state.countLeases('lease:a'), 0);
      assert.equal(await state.acquireLease('lease:a', 'request-1', 2, 60_000), true);
      assert.equal(await peer.acquireLease('lease:a', 'request-2', 2, 60_000), true);
      assert.equal(await peer.acquireLease('lease:a', 'request-3', 2, 60_000), false);
      assert.equal(await state.acquireLease('lease:a', 'request-3', 2, 60_000), false);
      assert.equal(await state.countLeases('lease:a'), 2);
      assert.equal(await peer.countLeases('lease:a'), 2);
      // Renewing takes no second place, even at the limit.
      assert.equal(await state.acquireLease('lease:a', 'request-1', 2, 60_000), true);
      assert.equal(await peer.countLeases('lease:a'), 2);

      await peer.releaseLease('lease:a', 'request-1');
      assert.equal(await state.countLeases('lease:a'), 1);
      await state.releaseLease('lease:a', 'never-held');
      await state.releaseLease('lease:never-used', 'request-1');
      assert.equal(await state.countLeases('lease:a'), 1);
      assert.equal(await peer.acquireLease('lease:a', 'request-3', 2, 60_000), true, 'the released place is free again');
      assert.equal(await state.acquireLease('lease:a', 'request-4', 2, 60_000), false);
      // Keys are independent; a limit of 0 admits nobody.
      assert.equal(await state.acquireLease('lease:b', 'request-4', 1, 60_000), true);
      assert.equal(await state.acquireLease('lease:c', 'request-5', 0, 60_000), false);
      assert.equal(await state.countLeases('lease:c'), 0);

      await assert.rejects(state.acquireLease('lease:d', 'request-6', 1, 0), { name: 'RangeError', message: /^acquireLease: ttlMs must be a whole number from 1 to 9007199254740991 \(got 0\)/ });
      await assert.rejects(state.acquireLease('lease:d', 'request-6', -1, 1_000), { name: 'RangeError', message: /^acquireLease: limit must be a whole number from 0 to 9007199254740991 \(got -1\)/ });
      assert.equal(await state.countLeases('lease:d'), 0);
    });

    test('leases: 100 holders racing for 10 places from two replicas get exactly 10', async (context) => {
      const state = await open(context, Date.now);
      const peer = options.createPeer === undefined ? state : await open(context, Date.now, options.createPeer);
      const answers = await Promise.all(Array.from({ length: 100 }, (_, position) => (position % 2 === 0 ? state : peer).acquireLease('lease:race', `holder-${position}`, 10, 60_000)));
      assert.equal(answers.filter(Boolean).length, 10);
      assert.equal(await peer.countLeases('lease:race'), 10);
    });

    test('leases: an expired place comes free by itself', async (context) => {
      const clock = createTestClock(Date.now());
      const state = await open(context, clock.now);
      assert.equal(await state.acquireLease('lease:expiring', 'crashed-replica', 1, 50), true);
      assert.equal(await state.acquireLease('lease:expiring', 'waiting', 1, 60_000), false);
      assert.equal(await state.acquireLease('lease:kept', 'alive', 1, 60_000), true);
      await eventually('the short lease expired', async () => {
        clock.advance(100);
        return (await state.countLeases('lease:expiring')) === 0;
      });
      assert.equal(await state.acquireLease('lease:expiring', 'waiting', 1, 60_000), true);
      assert.equal(await state.countLeases('lease:expiring'), 1);
      assert.equal(await state.acquireLease('lease:kept', 'another', 1, 60_000), false, 'an unexpired lease still holds its place');
    });

    test('admitAll: when every check passes all are applied, as the single operations would, and read back through them', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('admit:budget', 10, 0);
      await state.consume('admit:tpm', WINDOW_MS, 1_000, 100);
      const answer = await state.admitAll([
        { kind: 'window', key: 'admit:rpm', windowMs: WINDOW_MS, limit: 5, amount: 1 },
        { kind: 'window', key: 'admit:tpm', windowMs: WINDOW_MS, limit: 1_000, amount: 250 },
        { kind: 'budget', key: 'admit:budget', amount: 30, limit: 100 },
        { kind: 'lease', key: 'admit:parallel', holder: 'request-1', limit: 1, ttlMs: 60_000 },
      ]);
      assert.deepEqual(answer, {
        admitted: true,
        results: [
          { kind: 'window', allowed: true, count: 1, retryAfterMs: 0 },
          { kind: 'window', allowed: true, count: 350, retryAfterMs: 0 },
          { kind: 'budget', status: 'ok', value: 40 },
          { kind: 'lease', acquired: true },
        ],
      });
      assert.equal((await state.consume('admit:rpm', WINDOW_MS, 5, 0)).count, 1);
      assert.equal((await state.consume('admit:tpm', WINDOW_MS, 1_000, 0)).count, 350);
      assert.equal(await state.readCounter('admit:budget'), 40);
      assert.equal(await state.countLeases('admit:parallel'), 1);
      assert.equal(await state.acquireLease('admit:parallel', 'request-2', 1, 60_000), false, 'the place is taken');
      assert.equal(await state.acquireLease('admit:parallel', 'request-1', 1, 60_000), true, 'its holder renews it');
      await state.releaseLease('admit:parallel', 'request-1');
      assert.equal(await state.countLeases('admit:parallel'), 0);

      // A quarter into the next window: the same sliding arithmetic (and the same doubles) as consume.
      clock.advance(WINDOW_MS + WINDOW_MS / 4);
      const read = await state.admitAll([{ kind: 'window', key: 'admit:tpm', windowMs: WINDOW_MS, limit: 1_000, amount: 0 }]);
      assert.deepEqual(read, { admitted: true, results: [{ kind: 'window', allowed: true, count: 262.5, retryAfterMs: 0 }] });
      const refused = await state.admitAll([{ kind: 'window', key: 'admit:tpm', windowMs: WINDOW_MS, limit: 1_000, amount: 800 }]);
      assert.equal(refused.admitted, false);
      assert.deepEqual(refused.results, [{ kind: 'window', ...(await state.consume('admit:tpm', WINDOW_MS, 1_000, 800)) }]);
      assert.equal(refused.results[0]?.kind === 'window' && refused.results[0].retryAfterMs, Math.ceil(WINDOW_MS * (1 - 200 / 350) - WINDOW_MS / 4));
    });

    test('admitAll: one window refusing applies nothing, and each result says how its check alone fared', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('refuse:budget', 0, 0);
      await state.consume('refuse:rpm', WINDOW_MS, 2, 2);
      const answer = await state.admitAll([
        { kind: 'window', key: 'refuse:tpm', windowMs: WINDOW_MS, limit: 1_000, amount: 10 },
        { kind: 'window', key: 'refuse:rpm', windowMs: WINDOW_MS, limit: 2, amount: 1 },
        { kind: 'budget', key: 'refuse:budget', amount: 5, limit: 100 },
        { kind: 'lease', key: 'refuse:parallel', holder: 'request-1', limit: 1, ttlMs: 60_000 },
      ]);
      assert.deepEqual(answer, {
        admitted: false,
        results: [
          { kind: 'window', allowed: true, count: 10, retryAfterMs: 0 },
          // The 2 of this window must fall to 1, half a window into the next.
          { kind: 'window', allowed: false, count: 2, retryAfterMs: WINDOW_MS + WINDOW_MS / 2 },
          { kind: 'budget', status: 'ok', value: 5 },
          { kind: 'lease', acquired: true },
        ],
      });
      assert.equal((await state.consume('refuse:tpm', WINDOW_MS, 1_000, 0)).count, 0, 'the passing window is unchanged');
      assert.equal((await state.consume('refuse:rpm', WINDOW_MS, 2, 0)).count, 2, 'the refusing window is unchanged');
      assert.equal(await state.readCounter('refuse:budget'), 0, 'nothing was reserved');
      assert.equal(await state.countLeases('refuse:parallel'), 0, 'no place was taken');
    });

    test('admitAll: calls made together are judged one after another in call order, each seeing the ones before', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('together:budget', 0, 0);
      // Made in one turn: a Redis state sends them in one script call, memory answers them one by one.
      const calls = Array.from({ length: 6 }, (_, index) =>
        state.admitAll([
          { kind: 'budget', key: 'together:budget', amount: 1, limit: 3 },
          { kind: 'window', key: 'together:rpm', windowMs: WINDOW_MS, limit: index === 4 ? 0 : 100, amount: 1 },
        ]),
      );
      const answers = await Promise.all(calls);
      assert.deepEqual(
        answers.map((answer) => answer.admitted),
        [true, true, true, false, false, false],
      );
      assert.deepEqual(
        answers.map((answer) => answer.results[0]),
        [
          { kind: 'budget', status: 'ok', value: 1 },
          { kind: 'budget', status: 'ok', value: 2 },
          { kind: 'budget', status: 'ok', value: 3 },
          { kind: 'budget', status: 'over', value: 3 },
          { kind: 'budget', status: 'over', value: 3 },
          { kind: 'budget', status: 'over', value: 3 },
        ],
      );
      assert.deepEqual(answers[4]?.results[1], { kind: 'window', allowed: false, count: 3, retryAfterMs: WINDOW_MS * 2 - (clock.now() - WINDOW_START) }, 'a limit of 0 refuses, naming the count so far');
      assert.equal(await state.readCounter('together:budget'), 3);
      assert.equal((await state.consume('together:rpm', WINDOW_MS, 100, 0)).count, 3, 'only the admitted calls counted');
    });

    test('admitAll: a missing budget counter answers missing and applies nothing', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      const answer = await state.admitAll([
        { kind: 'window', key: 'missing:rpm', windowMs: WINDOW_MS, limit: 10, amount: 1 },
        { kind: 'budget', key: 'missing:budget', amount: 5, limit: 100 },
        { kind: 'lease', key: 'missing:parallel', holder: 'request-1', limit: 3, ttlMs: 60_000 },
      ]);
      assert.deepEqual(answer, {
        admitted: false,
        results: [
          { kind: 'window', allowed: true, count: 1, retryAfterMs: 0 },
          { kind: 'budget', status: 'missing', value: 0 },
          { kind: 'lease', acquired: true },
        ],
      });
      assert.equal(await state.readCounter('missing:budget'), undefined, 'asking does not create the counter');
      assert.equal((await state.consume('missing:rpm', WINDOW_MS, 10, 0)).count, 0);
      assert.equal(await state.countLeases('missing:parallel'), 0);
    });

    test('admitAll: a budget over its limit answers over with the value before, up to the limit exactly fits', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('over:budget', 95, 0);
      const rpm = { kind: 'window', key: 'over:rpm', windowMs: WINDOW_MS, limit: 10, amount: 1 } as const;
      const over = await state.admitAll([rpm, { kind: 'budget', key: 'over:budget', amount: 10, limit: 100 }]);
      assert.deepEqual(over, {
        admitted: false,
        results: [
          { kind: 'window', allowed: true, count: 1, retryAfterMs: 0 },
          { kind: 'budget', status: 'over', value: 95 },
        ],
      });
      assert.equal(await state.readCounter('over:budget'), 95);
      assert.equal((await state.consume('over:rpm', WINDOW_MS, 10, 0)).count, 0);
      const exactly = await state.admitAll([rpm, { kind: 'budget', key: 'over:budget', amount: 5, limit: 100 }]);
      assert.equal(exactly.admitted, true);
      assert.deepEqual(exactly.results[1], { kind: 'budget', status: 'ok', value: 100 });
      assert.equal(await state.readCounter('over:budget'), 100);
      assert.equal((await state.consume('over:rpm', WINDOW_MS, 10, 0)).count, 1);
    });

    test('admitAll: a full lease refuses and applies nothing; its holder renews it at the limit', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('full:budget', 0, 0);
      assert.equal(await state.acquireLease('full:parallel', 'request-1', 1, 60_000), true);
      const checks = (holder: string) =>
        [
          { kind: 'window', key: 'full:rpm', windowMs: WINDOW_MS, limit: 10, amount: 1 },
          { kind: 'budget', key: 'full:budget', amount: 7, limit: 100 },
          { kind: 'lease', key: 'full:parallel', holder, limit: 1, ttlMs: 60_000 },
        ] as const;
      const refused = await state.admitAll(checks('request-2'));
      assert.equal(refused.admitted, false);
      assert.deepEqual(refused.results[2], { kind: 'lease', acquired: false });
      assert.equal(await state.readCounter('full:budget'), 0);
      assert.equal((await state.consume('full:rpm', WINDOW_MS, 10, 0)).count, 0);
      assert.equal(await state.countLeases('full:parallel'), 1);
      const renewed = await state.admitAll(checks('request-1'));
      assert.equal(renewed.admitted, true);
      assert.equal(await state.readCounter('full:budget'), 7);
      assert.equal(await state.countLeases('full:parallel'), 1, 'a renewal takes no second place');
    });

    test('admitAll: arguments are refused as the single operations refuse them, before anything changes', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('arguments:budget', 0, 0);
      const rpm = { kind: 'window', key: 'arguments:rpm', windowMs: WINDOW_MS, limit: 10, amount: 1 } as const;
      const budget = { kind: 'budget', key: 'arguments:budget', amount: 1, limit: 100 } as const;
      const lease = { kind: 'lease', key: 'arguments:parallel', holder: 'request-1', limit: 1, ttlMs: 60_000 } as const;
      await assert.rejects(state.admitAll([rpm, { ...budget, amount: 0 }]), { name: 'RangeError', message: /^admitAll: budget "arguments:budget" amount must be a whole number from 1 to/ });
      await assert.rejects(state.admitAll([rpm, { ...budget, amount: 1.5 }]), RangeError);
      await assert.rejects(state.admitAll([rpm, { ...budget, limit: Number.POSITIVE_INFINITY }]), RangeError);
      await assert.rejects(state.admitAll([rpm, budget, { ...lease, ttlMs: 0 }]), { name: 'RangeError', message: /^admitAll: lease "arguments:parallel" ttlMs must be a whole number from 1 to/ });
      await assert.rejects(state.admitAll([rpm, budget, { ...lease, limit: -1 }]), RangeError);
      await assert.rejects(state.admitAll([{ ...rpm, windowMs: 0 }, budget]), { name: 'RangeError', message: 'windowMs must be above 0 (got 0)' });
      await assert.rejects(state.admitAll([rpm, budget, { ...rpm, limit: 20 }]), { name: 'Error', message: /^admitAll: the window check "arguments:rpm" appears twice/ });
      await assert.rejects(state.admitAll([budget, lease, { ...lease, holder: 'request-2' }]), /the lease check "arguments:parallel" appears twice/);
      assert.equal((await state.consume('arguments:rpm', WINDOW_MS, 10, 0)).count, 0);
      assert.equal(await state.readCounter('arguments:budget'), 0);
      assert.equal(await state.countLeases('arguments:parallel'), 0);

      assert.deepEqual(await state.admitAll([]), { admitted: true, results: [] });
      // One key under each kind names three different things.
      await state.seedCounter('arguments:shared', 0, 0);
      const shared = await state.admitAll([
        { ...rpm, key: 'arguments:shared' },
        { ...budget, key: 'arguments:shared' },
        { ...lease, key: 'arguments:shared' },
      ]);
      assert.equal(shared.admitted, true);
      assert.equal((await state.consume('arguments:shared', WINDOW_MS, 10, 0)).count, 1);
      assert.equal(await state.readCounter('arguments:shared'), 1);
      assert.equal(await state.countLeases('arguments:shared'), 1);
    });

    test('admitAll: 200 concurrent admissions (budget 1 of 50, rpm of 1000) admit exactly 50, from two replicas where there are two', async (context) => {
      // A fixed clock at a window boundary: no previous window counts.
      const now = () => WINDOW_START;
      const state = await open(context, now);
      const peer = options.createPeer === undefined ? state : await open(context, now, options.createPeer);
      await state.seedCounter('admit-race:budget', 0, 60_000);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, position) =>
          (position % 2 === 0 ? state : peer).admitAll([
            { kind: 'window', key: 'admit-race:rpm', windowMs: WINDOW_MS, limit: 1_000, amount: 1 },
            { kind: 'budget', key: 'admit-race:budget', amount: 1, limit: 50 },
          ]),
        ),
      );
      const admitted = answers.filter((answer) => answer.admitted);
      assert.equal(admitted.length, 50);
      assert.deepEqual(
        admitted.map((answer) => (answer.results[1]?.kind === 'budget' ? answer.results[1].value : Number.NaN)).sort((left, right) => left - right),
        Array.from({ length: 50 }, (_, position) => position + 1),
        'every admission saw its own step',
      );
      assert.ok(answers.filter((answer) => !answer.admitted).every((answer) => answer.results[1]?.kind === 'budget' && answer.results[1].status === 'over' && answer.results[1].value === 50));
      assert.equal(await peer.readCounter('admit-race:budget'), 50);
      assert.equal((await state.consume('admit-race:rpm', WINDOW_MS, 1_000, 0)).count, 50, 'refused admissions left the window alone');
    });

    test('settleAll: applies every settlement in order, answering the adjusted counters', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      await state.seedCounter('settle:budget', 100, 0);
      await state.consume('settle:tpm', WINDOW_MS, 1_000, 500);
      await state.acquireLease('settle:parallel', 'request-1', 2, 60_000);
      await state.acquireLease('settle:parallel', 'request-2', 2, 60_000);
      const answers = await state.settleAll([
        { kind: 'window-add', key: 'settle:tpm', windowMs: WINDOW_MS, amount: -200 },
        { kind: 'counter-adjust', key: 'settle:budget', amount: -30 },
        { kind: 'lease-release', key: 'settle:parallel', holder: 'request-1' },
        { kind: 'counter-adjust', key: 'settle:missing', amount: 5 },
        { kind: 'counter-adjust', key: 'settle:budget', amount: 12 },
        { kind: 'window-add', key: 'settle:rpm', windowMs: WINDOW_MS, amount: 2.5 },
        { kind: 'lease-release', key: 'settle:parallel', holder: 'never-held' },
        { kind: 'window-add', key: 'settle:rpm', windowMs: WINDOW_MS, amount: 1 },
      ]);
      assert.deepEqual(answers, [undefined, 70, undefined, undefined, 82, undefined, undefined, undefined]);
      assert.equal((await state.consume('settle:tpm', WINDOW_MS, 1_000, 0)).count, 300);
      assert.equal((await state.consume('settle:rpm', WINDOW_MS, 1_000, 0)).count, 3.5);
      assert.equal(await state.readCounter('settle:budget'), 82);
      assert.equal(await state.readCounter('settle:missing'), undefined, 'a missing counter stays missing');
      assert.equal(await state.countLeases('settle:parallel'), 1);
      assert.equal(await state.acquireLease('settle:parallel', 'request-3', 2, 60_000), true, 'the released place is free again');
      // Below zero the count reads as zero, as after add.
      await state.settleAll([{ kind: 'window-add', key: 'settle:tpm', windowMs: WINDOW_MS, amount: -1_000 }]);
      assert.equal((await state.consume('settle:tpm', WINDOW_MS, 1_000, 0)).count, 0);
      assert.deepEqual(await state.settleAll([]), []);
    });

    test('settleAll: a result beyond the safe range, or a bad argument, rejects the whole batch and changes nothing', async (context) => {
      const clock = createTestClock(WINDOW_START);
      const state = await open(context, clock.now);
      const max = Number.MAX_SAFE_INTEGER;
      await state.seedCounter('settle-edge:budget', max - 1, 0);
      await state.acquireLease('settle-edge:parallel', 'request-1', 1, 60_000);
      const batch = [
        { kind: 'window-add', key: 'settle-edge:tpm', windowMs: WINDOW_MS, amount: 5 },
        { kind: 'lease-release', key: 'settle-edge:parallel', holder: 'request-1' },
        { kind: 'counter-adjust', key: 'settle-edge:budget', amount: 1 },
        // The second adjustment sees the first: from max, one more leaves the range.
        { kind: 'counter-adjust', key: 'settle-edge:budget', amount: 1 },
      ] as const;
      await assert.rejects(state.settleAll(batch), {
        name: 'RangeError',
        message: /^adjustCounter\("settle-edge:budget", 1\) would take the counter from 9007199254740991 outside ±9007199254740991/,
      });
      await assert.rejects(state.settleAll([batch[0], { kind: 'counter-adjust', key: 'settle-edge:budget', amount: 0.5 }]), {
        name: 'RangeError',
        message: /^settleAll: counter-adjust "settle-edge:budget" amount must be a whole number/,
      });
      await assert.rejects(state.settleAll([{ ...batch[0], windowMs: 0 }, batch[2]]), RangeError);
      assert.equal(await state.readCounter('settle-edge:budget'), max - 1);
      assert.equal((await state.consume('settle-edge:tpm', WINDOW_MS, 1_000, 0)).count, 0);
      assert.equal(await state.countLeases('settle-edge:parallel'), 1);
      assert.deepEqual(await state.settleAll(batch.slice(0, 3)), [undefined, undefined, max]);
      assert.equal(await state.countLeases('settle-edge:parallel'), 0);
    });

    test("a replica does not read back its own gauges", async (context) => {
      const state = await open(context, Date.now);
      await state.publishGauges('own', new Map([['deployment-a', 2]]), 10_000);
      assert.deepEqual(await state.readOtherGauges('own'), new Map());
      assert.deepEqual(await state.readOtherGauges('never-published'), new Map());
    });

    acrossReplicas('replicas read the sum of the other live replicas’ gauges; expired ones drop out', async (context) => {
      const clock = createTestClock(Date.now());
      const state = await open(context, clock.now);
      const peer = await open(context, clock.now, options.createPeer);
      const third = await open(context, clock.now, options.createPeer);
      await state.publishGauges('inflight', new Map([['deployment-a', 2]]), 60_000);
      await peer.publishGauges('inflight', new Map([['deployment-a', 3], ['deployment-b', 1]]), 60_000);
      assert.deepEqual(await state.readOtherGauges('inflight'), new Map([['deployment-a', 3], ['deployment-b', 1]]));
      assert.deepEqual(await peer.readOtherGauges('inflight'), new Map([['deployment-a', 2]]));

      await third.publishGauges('inflight', new Map([['deployment-a', 4]]), 60_000);
      assert.deepEqual(await state.readOtherGauges('inflight'), new Map([['deployment-a', 7], ['deployment-b', 1]]));
      // Publishing replaces a replica's values: what it no longer lists is gone.
      await third.publishGauges('inflight', new Map(), 60_000);
      assert.deepEqual(await state.readOtherGauges('inflight'), new Map([['deployment-a', 3], ['deployment-b', 1]]));

      await peer.publishGauges('inflight', new Map([['deployment-a', 3]]), 50);
      await eventually('the peer’s short-lived gauges expired', async () => {
        clock.advance(100);
        return (await state.readOtherGauges('inflight')).size === 0;
      });
      assert.deepEqual(await peer.readOtherGauges('inflight'), new Map([['deployment-a', 2]]));
    });
  });
}
