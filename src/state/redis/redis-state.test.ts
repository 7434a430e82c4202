import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { StatePort } from '../state-port.js';
import { runStateConformance } from '../state-conformance.js';
import { createRedisState } from './create-redis-state.js';
import { startRedisRelay } from './__fixtures__/start-redis-relay.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const keyPrefix = `test:${randomUUID()}:`;

function createTestState(now: () => number, errors: unknown[] = []): Promise<StatePort> {
  return createRedisState({ url: REDIS_URL, keyPrefix, commandTimeoutMs: 1_000, replicaId: randomUUID(), now, onError: (error) => errors.push(error) });
}

async function eventually(description: string, check: () => Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${description}`);
    await sleep(25);
  }
}

after(async () => {
  const cleaner = new Redis(REDIS_URL);
  const keys: string[] = [];
  for await (const batch of cleaner.scanStream({ match: `${keyPrefix}*`, count: 500 })) keys.push(...(batch as string[]));
  if (keys.length > 0) await cleaner.del(...keys);
  await cleaner.quit();
});

runStateConformance('redis', createTestState, { createPeer: createTestState });

describe('Redis state beyond the shared contract', () => {
  test('200 concurrent consume calls from two replicas allow exactly the limit', async (context) => {
    // A fixed clock at a window boundary: no previous window, so exactly 50 fit.
    const now = () => 60_000 * 28_000_000;
    const first = await createTestState(now);
    const second = await createTestState(now);
    context.after(() => Promise.all([first.close(), second.close()]));
    const answers = await Promise.all(Array.from({ length: 200 }, (_, position) => (position % 2 === 0 ? first : second).consume('concurrent', 60_000, 50, 1)));
    assert.equal(answers.filter((answer) => answer.allowed).length, 50);
    assert.deepEqual((await first.consume('concurrent', 60_000, 50, 0)).count, 50);
    const counts = answers.filter((answer) => answer.allowed).map((answer) => answer.count).sort((left, right) => left - right);
    assert.deepEqual(counts, Array.from({ length: 50 }, (_, position) => position + 1));
  });

  test('leases expire by Redis’s clock: a replica whose clock runs an hour ahead still sees the places as held', async (context) => {
    const onTime = await createTestState(Date.now);
    const ahead = await createTestState(() => Date.now() + 3_600_000);
    context.after(() => Promise.all([onTime.close(), ahead.close()]));
    assert.equal(await onTime.acquireLease('skew', 'on-time', 1, 60_000), true);
    assert.equal(await ahead.countLeases('skew'), 1);
    assert.equal(await ahead.acquireLease('skew', 'ahead', 1, 60_000), false);
    assert.equal(await onTime.countLeases('skew'), 1);
  });

  test('counters are integer strings that keep their TTL when changed; a lease set expires with its last place', async (context) => {
    const state = await createTestState(Date.now);
    const raw = new Redis(REDIS_URL);
    context.after(async () => {
      await state.close();
      await raw.quit();
    });
    await state.seedCounter('stored', Number.MAX_SAFE_INTEGER - 1, 60_000);
    await state.reserve('stored', 1, Number.MAX_SAFE_INTEGER);
    assert.equal(await raw.get(`${keyPrefix}budget:stored`), '9007199254740991');
    await state.adjustCounter('stored', -1);
    const counterTtl = await raw.pttl(`${keyPrefix}budget:stored`);
    assert.ok(counterTtl > 0 && counterTtl <= 60_000, `the seed's TTL is kept (PTTL ${counterTtl})`);
    await state.seedCounter('forever', 1, 0);
    assert.equal(await raw.pttl(`${keyPrefix}budget:forever`), -1);

    await state.acquireLease('abandoned', 'short', 5, 30_000);
    await state.acquireLease('abandoned', 'long', 5, 120_000);
    await state.acquireLease('abandoned', 'short', 5, 30_000);
    const leaseTtl = await raw.pttl(`${keyPrefix}lease:abandoned`);
    assert.ok(leaseTtl > 60_000 && leaseTtl <= 120_000, `the set lives as long as its last place (PTTL ${leaseTtl})`);
    await state.releaseLease('abandoned', 'short');
    await state.releaseLease('abandoned', 'long');
    assert.equal(await raw.exists(`${keyPrefix}lease:abandoned`), 0, 'the last release removes the set');
  });

  test('with Redis unreachable every method rejects instead of waiting, and errors reach onError', async () => {
    const errors: unknown[] = [];
    // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
    const state = await createRedisState({ url: 'redis://127.0.0.1:1', keyPrefix, commandTimeoutMs: 200, replicaId: randomUUID(), onError: (error) => errors.push(error) });
    const calls: Array<[string, Promise<unknown>]> = [
      ['getRecords', state.getRecords(['a'])],
      ['compareAndSet', state.compareAndSet('a', 0, 'x')],
      ['consume', state.consume('a', 1_000, 1, 1)],
      ['add', state.add('a', 1_000, 1)],
      ['increment', state.increment('a')],
      ['publishGauges', state.publishGauges('inflight', new Map([['d', 1]]), 1_000)],
      ['readOtherGauges', state.readOtherGauges('inflight')],
      ['reserve', state.reserve('a', 1, 10)],
      ['seedCounter', state.seedCounter('a', 0, 1_000)],
      ['adjustCounter', state.adjustCounter('a', 1)],
      ['readCounter', state.readCounter('a')],
      ['acquireLease', state.acquireLease('a', 'holder', 1, 1_000)],
      ['releaseLease', state.releaseLease('a', 'holder')],
      ['countLeases', state.countLeases('a')],
      ['admitAll', state.admitAll([{ kind: 'window', key: 'a', windowMs: 1_000, limit: 1, amount: 1 }])],
      ['settleAll', state.settleAll([{ kind: 'counter-adjust', key: 'a', amount: 1 }])],
    ];
    // Settled together: with auto-pipelining the rejections arrive in one turn, before a one-at-a-time await would reach them.
    const outcomes = await Promise.allSettled(calls.map(([, call]) => call));
    outcomes.forEach((outcome, index) => {
      assert.equal(outcome.status, 'rejected', `${calls[index]![0]} should reject`);
      assert.ok(outcome.status === 'rejected' && outcome.reason instanceof Error, `${calls[index]![0]} rejects with an Error`);
    });
    const stop = state.watchRecords('a', () => {});
    stop();
    await state.close();
    assert.ok(errors.length >= 1, 'the refused connection is reported');
    // One report per connection and outage, not one per reconnect attempt.
    assert.ok(errors.length <= 2, `reported ${errors.length} times`);
  });

  test('after an outage the connections come back by themselves, watchers included', async (context) => {
    const relay = await startRedisRelay();
    const errors: unknown[] = [];
    const relayed = await createRedisState({ url: `redis://127.0.0.1:${relay.port}`, keyPrefix, commandTimeoutMs: 1_000, replicaId: randomUUID(), onError: (error) => errors.push(error) });
    const direct = await createTestState(Date.now);
    context.after(async () => {
      await Promise.all([relayed.close(), direct.close()]);
      await relay.down();
    });
    assert.equal(await relayed.increment('outage'), 1);

    await relay.down();
    await assert.rejects(relayed.increment('outage'));
    // The refused reconnect attempt is what reports the outage.
    await eventually('the outage is reported', async () => errors.length >= 1);

    await relay.up();
    await eventually('commands answer again', async () => (await relayed.increment('outage')) > 1);
    const seen: string[] = [];
    relayed.watchRecords('outage:', (key) => seen.push(key));
    await eventually('the subscriber is back', async () => {
      await direct.compareAndSet(`outage:${randomUUID()}`, 0, 'x');
      return seen.length > 0;
    });
  });
});
