import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test, type TestContext } from 'node:test';
import { Redis } from 'ioredis';
import { createMemoryState } from '../../state/memory/create-memory-state.js';
import { startRedisRelay } from '../../state/redis/__fixtures__/start-redis-relay.js';
import { createRedisState } from '../../state/redis/create-redis-state.js';
import type { StatePort } from '../../state/state-port.js';
import type { AttemptOutcome, HealthPolicy } from './apply-outcome.js';
import { DeploymentHealth } from './deployment-health.js';
import { UNKNOWN_HEALTH } from './health-view.js';

const policy: HealthPolicy = {
  circuit: { consecutive_failures: 3, error_rate: 0.5, min_requests: 20, window_ms: 60_000, cooldown_ms: 10_000 },
  latency: { alpha: 0.2, decay_ms: 2_000, explore_after_ms: 5_000 },
};
const failure: AttemptOutcome = { kind: 'failure', countsForCircuit: true, reason: '500 upstream error' };
const SYNC_INTERVAL_MS = 20;
const REDIS_URL = 'redis://127.0.0.1:6379';
const keyPrefix = `test:${randomUUID()}:`;

function createTestClock() {
  let time = Date.now();
  return { now: () => time, advance: (milliseconds: number) => void (time += milliseconds) };
}

async function eventually(description: string, check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${description}`);
    await sleep(10);
  }
}

/** A started DeploymentHealth on `state`, closed (with its state) when the test ends. */
async function startHealth(context: TestContext, state: StatePort, now: () => number, onError?: (error: unknown) => void, syncIntervalMs = SYNC_INTERVAL_MS): Promise<DeploymentHealth> {
  const health = new DeploymentHealth({ state, policy, now, syncIntervalMs, onError });
  await health.start();
  context.after(async () => {
    await health.close();
    await state.close();
  });
  return health;
}

function redisState(now: () => number, url = REDIS_URL): Promise<StatePort> {
  return createRedisState({ url, keyPrefix, commandTimeoutMs: 500, replicaId: randomUUID(), now });
}

after(async () => {
  const cleaner = new Redis(REDIS_URL);
  const keys: string[] = [];
  for await (const batch of cleaner.scanStream({ match: `${keyPrefix}*`, count: 500 })) keys.push(...(batch as string[]));
  if (keys.length > 0) await cleaner.del(...keys);
  await cleaner.quit();
});

describe('DeploymentHealth on the memory state', () => {
  test('own failures open the circuit at once, and its view says when it half-opens', async (context) => {
    const clock = createTestClock();
    const health = await startHealth(context, createMemoryState({ now: clock.now }), clock.now);
    assert.deepEqual(health.view('deployment-a'), UNKNOWN_HEALTH);
    for (let count = 0; count < 3; count += 1) health.record('deployment-a', failure);
    const view = health.view('deployment-a');
    assert.equal(view.circuit, 'open');
    assert.equal(view.halfOpenAt, clock.now() + 10_000);
    assert.equal(view.reason, '500 upstream error');
    assert.equal(view.errorRate, 1);
    assert.equal(health.view('deployment-b').circuit, 'closed', 'subjects are independent');
  });

  test('a cooldown applies to its subject (a provider’s credentials too) and ends on time', async (context) => {
    const clock = createTestClock();
    const health = await startHealth(context, createMemoryState({ now: clock.now }), clock.now);
    health.record('provider:openai', { kind: 'failure', countsForCircuit: false, cooldownMs: 60_000, reason: '401 invalid key' });
    assert.deepEqual({ ...health.view('provider:openai') }, { ...UNKNOWN_HEALTH, coolingUntil: clock.now() + 60_000, reason: '401 invalid key' });
    clock.advance(60_000);
    assert.equal(health.view('provider:openai').coolingUntil, 0);
    assert.equal(health.view('provider:openai').reason, undefined);
  });

  test('successes move the averages at once and reach the state in one batched write', async (context) => {
    const clock = createTestClock();
    const state = createMemoryState({ now: clock.now });
    const health = await startHealth(context, state, clock.now);
    for (let count = 0; count < 30; count += 1) health.record('deployment-a', { kind: 'success', ttftMs: 100 + count, tokensPerSecond: 50 });
    const view = health.view('deployment-a');
    assert.equal(view.latencySamples, 30);
    assert.equal(view.tokensPerSecond, 50);
    assert.ok(view.ttftMs !== undefined && view.ttftMs > 100 && view.ttftMs < 129);
    await eventually('the batch is written', async () => (await state.getRecords(['health:deployment-a'])).has('health:deployment-a'));
    const stored = (await state.getRecords(['health:deployment-a'])).get('health:deployment-a');
    assert.equal(stored?.version, 1, 'thirty successes, one write');
    assert.equal(JSON.parse(stored!.value).latencySamples, 30);
    assert.equal(health.view('deployment-a').ttftMs, view.ttftMs);
  });

  test('half-open: exactly one probe; its success closes the circuit, its failure re-opens it', async (context) => {
    const clock = createTestClock();
    const health = await startHealth(context, createMemoryState({ now: clock.now }), clock.now);
    for (let count = 0; count < 3; count += 1) health.record('deployment-a', failure);
    assert.equal(await health.claimProbe('deployment-a'), false, 'open, not half-open yet');
    clock.advance(10_000);
    assert.equal(health.view('deployment-a').circuit, 'half-open');
    // The opening failures were written at once, so the shared record knows the circuit is open.
    assert.equal(await health.claimProbe('deployment-a'), true);
    assert.equal(await health.claimProbe('deployment-a'), false);
    health.record('deployment-a', { ...failure, reason: '503 still down' });
    assert.equal(health.view('deployment-a').circuit, 'open');
    assert.equal(health.view('deployment-a').reason, '503 still down');

    clock.advance(10_000);
    await eventually('the re-opening is written', async () => (await health.claimProbe('deployment-a')) === true);
    health.record('deployment-a', { kind: 'success', ttftMs: 250 });
    assert.equal(health.view('deployment-a').circuit, 'closed');
    assert.equal(health.view('deployment-a').errorRate, 0);
  });

  test('exploration: once per explore_after_ms per subject', async (context) => {
    const clock = createTestClock();
    const health = await startHealth(context, createMemoryState({ now: clock.now }), clock.now);
    assert.equal(health.claimExploration('deployment-a'), true);
    assert.equal(health.claimExploration('deployment-a'), false);
    assert.equal(health.claimExploration('deployment-b'), true);
    clock.advance(4_999);
    assert.equal(health.claimExploration('deployment-a'), false);
    clock.advance(1);
    assert.equal(health.claimExploration('deployment-a'), true);
  });

  test('in-flight counts and the last 64 times to first token are local', async (context) => {
    const clock = createTestClock();
    const health = await startHealth(context, createMemoryState({ now: clock.now }), clock.now);
    health.begin('deployment-a');
    health.begin('deployment-a');
    health.end('deployment-a');
    assert.equal(health.view('deployment-a').inFlight, 1);
    health.end('deployment-a');
    health.end('deployment-a');
    assert.equal(health.view('deployment-a').inFlight, 0, 'never below zero');

    assert.deepEqual(health.recentTtfts('deployment-a'), []);
    for (let sample = 1; sample <= 70; sample += 1) health.record('deployment-a', { kind: 'success', ttftMs: sample });
    health.record('deployment-a', { kind: 'success', tokensPerSecond: 10 });
    const samples = health.recentTtfts('deployment-a');
    assert.equal(samples.length, 64);
    assert.equal(samples[0], 7);
    assert.equal(samples.at(-1), 70);
  });

  test('a subject first asked about is read from the state on the next interval', async (context) => {
    const clock = createTestClock();
    const state = createMemoryState({ now: clock.now });
    const elsewhere = new DeploymentHealth({ state, policy, now: clock.now });
    for (let count = 0; count < 3; count += 1) elsewhere.record('deployment-a', failure);
    await eventually('the other instance wrote', async () => (await state.getRecords(['health:deployment-a'])).size === 1);
    await elsewhere.close();

    const health = await startHealth(context, state, clock.now);
    assert.equal(health.view('deployment-a').circuit, 'closed', 'nothing is loaded up front');
    await eventually('the record is loaded', () => health.view('deployment-a').circuit === 'open');
  });
});

describe('DeploymentHealth on Redis, two replicas', () => {
  async function twoReplicas(context: TestContext) {
    const clock = createTestClock();
    const first = await startHealth(context, await redisState(clock.now), clock.now);
    const second = await startHealth(context, await redisState(clock.now), clock.now);
    return { clock, first, second };
  }

  test('failures recorded by one replica open the circuit the other sees', async (context) => {
    const { first, second } = await twoReplicas(context);
    const subject = `deployment-${randomUUID()}`;
    assert.equal(second.view(subject).circuit, 'closed');
    for (let count = 0; count < 3; count += 1) first.record(subject, failure);
    await eventually('the second replica sees the circuit open', () => second.view(subject).circuit === 'open');
    assert.equal(second.view(subject).reason, '500 upstream error');
  });

  test('a half-open circuit lets exactly one replica probe', async (context) => {
    const { clock, first, second } = await twoReplicas(context);
    const subject = `deployment-${randomUUID()}`;
    for (let count = 0; count < 3; count += 1) first.record(subject, failure);
    await eventually('the second replica sees the circuit open', () => second.view(subject).circuit === 'open');
    clock.advance(10_000);
    assert.equal(first.view(subject).circuit, 'half-open');
    assert.equal(second.view(subject).circuit, 'half-open');

    const claims = await Promise.all([first.claimProbe(subject), second.claimProbe(subject), first.claimProbe(subject), second.claimProbe(subject)]);
    assert.equal(claims.filter(Boolean).length, 1, `claims: ${claims.join(', ')}`);
    const prober = claims[0] || claims[2] ? first : second;
    const other = prober === first ? second : first;
    prober.record(subject, { kind: 'success', ttftMs: 300 });
    await eventually('the other replica sees the circuit closed', () => other.view(subject).circuit === 'closed');
  });

  test('batched successes reach the other replica in few writes', async (context) => {
    const { first, second } = await twoReplicas(context);
    const subject = `deployment-${randomUUID()}`;
    for (let count = 0; count < 40; count += 1) first.record(subject, { kind: 'success', ttftMs: 200, tokensPerSecond: 80 });
    await eventually('the averages arrive', () => second.view(subject).latencySamples === 40);
    assert.equal(second.view(subject).ttftMs, 200);
    assert.equal(second.view(subject).tokensPerSecond, 80);
    const reader = await redisState(Date.now);
    context.after(() => reader.close());
    const stored = (await reader.getRecords([`health:${subject}`])).get(`health:${subject}`);
    assert.ok(stored !== undefined && stored.version <= 2, `forty successes took ${stored?.version} writes`);
  });

  test('plain successes wait for the interval instead of costing a write each', async (context) => {
    const clock = createTestClock();
    // An interval that never comes during the test: only close() writes the batch.
    const state = await redisState(clock.now);
    const batching = new DeploymentHealth({ state, policy, now: clock.now, syncIntervalMs: 600_000 });
    await batching.start();
    const reader = await redisState(clock.now);
    context.after(() => Promise.all([batching.close(), state.close(), reader.close()]));
    const subject = `deployment-${randomUUID()}`;
    for (let count = 0; count < 10; count += 1) {
      batching.record(subject, { kind: 'success', ttftMs: 150 });
      // Time enough for a write, had one been started.
      await sleep(5);
    }
    assert.equal((await reader.getRecords([`health:${subject}`])).size, 0);
    await batching.close();
    const stored = (await reader.getRecords([`health:${subject}`])).get(`health:${subject}`);
    assert.equal(stored?.version, 1);
    assert.equal(JSON.parse(stored!.value).latencySamples, 10);
  });

  test('the other replica’s requests in flight count in the view', async (context) => {
    const { first, second } = await twoReplicas(context);
    const subject = `deployment-${randomUUID()}`;
    first.begin(subject);
    first.begin(subject);
    second.begin(subject);
    await eventually('both replicas see all three', () => second.view(subject).inFlight === 3 && first.view(subject).inFlight === 3);
    first.end(subject);
    first.end(subject);
    await eventually('the second replica sees the first one’s requests end', () => second.view(subject).inFlight === 1);
  });

  test('a write whose announcement was lost is picked up by the periodic re-read', async (context) => {
    const { clock, first } = await twoReplicas(context);
    const subject = `deployment-${randomUUID()}`;
    first.view(subject);
    // Let the first read of the new subject (which finds nothing) happen.
    await sleep(5 * SYNC_INTERVAL_MS);
    const open = { circuit: 'open', openedAt: clock.now(), probeUntil: 0, consecutiveFailures: 3, window: { startedAt: clock.now(), requests: 3, failures: 3 }, coolingUntil: 0, reason: 'written elsewhere', latencySamples: 0, lastSampleAt: 0, updatedAt: clock.now() };
    // Straight into Redis, around the script that would announce it.
    const raw = new Redis(REDIS_URL);
    context.after(() => raw.quit());
    await raw.hset(`${keyPrefix}record:health:${subject}`, 'v', '7', 'd', JSON.stringify(open));
    await sleep(5 * SYNC_INTERVAL_MS);
    assert.equal(first.view(subject).circuit, 'closed', 'no announcement, and not re-read yet');
    await eventually('the re-read found it', () => first.view(subject).circuit === 'open', 5_000);
    assert.equal(first.view(subject).reason, 'written elsewhere');
  });

  test('with Redis unreachable each replica learns alone and the outage is reported once', async (context) => {
    const clock = createTestClock();
    const errors: unknown[] = [];
    const state = await redisState(clock.now, 'redis://127.0.0.1:1');
    const health = await startHealth(context, state, clock.now, (error) => errors.push(error));
    for (let count = 0; count < 3; count += 1) health.record('deployment-a', failure);
    health.record('deployment-b', { kind: 'success', ttftMs: 120 });
    assert.equal(health.view('deployment-a').circuit, 'open');
    assert.equal(health.view('deployment-b').ttftMs, 120);
    health.begin('deployment-b');
    // Several intervals of failing writes, reads and gauges.
    await sleep(10 * SYNC_INTERVAL_MS);
    for (let count = 0; count < 5; count += 1) health.record('deployment-a', failure);
    assert.equal(health.view('deployment-b').inFlight, 1);
    clock.advance(10_000);
    assert.equal(await health.claimProbe('deployment-a'), true, 'this replica probes on its own');
    assert.equal(await health.claimProbe('deployment-a'), false);
    await sleep(5 * SYNC_INTERVAL_MS);
    assert.equal(errors.length, 1);
  });

  test('after an outage a replica writes what it learned, and the others see it', async (context) => {
    const relay = await startRedisRelay();
    context.after(() => relay.down());
    const clock = createTestClock();
    const errors: unknown[] = [];
    const cutOff = await startHealth(context, await redisState(clock.now, `redis://127.0.0.1:${relay.port}`), clock.now, (error) => errors.push(error));
    const other = await startHealth(context, await redisState(clock.now), clock.now);
    const subject = `deployment-${randomUUID()}`;
    assert.equal(other.view(subject).circuit, 'closed');

    await relay.down();
    for (let count = 0; count < 3; count += 1) cutOff.record(subject, failure);
    assert.equal(cutOff.view(subject).circuit, 'open');
    await eventually('the outage is reported', () => errors.length === 1);
    await sleep(5 * SYNC_INTERVAL_MS);
    assert.equal(other.view(subject).circuit, 'closed', 'nothing reached Redis');

    await relay.up();
    await eventually('the other replica sees the circuit open', () => other.view(subject).circuit === 'open', 8_000);
    assert.equal(errors.length, 1);
  });
});
