import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * Circuit breakers: one gateway's lifecycle (open → half-open → closed), then two gateways sharing a
 * real Redis, where what one replica saw fail the other stops sending to.
 */
let simulator: RunningSimulator;
const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };
const models = [
  {
    name: 'guarded',
    deployments: [
      { provider: 'sim', model: 'flappy' },
      { provider: 'sim', model: 'backup' },
    ],
  },
];
const routing = { circuit_breaker: { consecutive_failures: 3, cooldown_ms: 600 }, retry: { backoff_base_ms: 1, backoff_max_ms: 10 } };

before(async () => {
  simulator = await startSimulator({ seed: 3, profiles: { flappy: { ...quick }, backup: { ...quick } } });
});

after(() => simulator.close());

function debug(): Record<string, string> {
  return { 'x-skyroute-debug': '1' };
}

test('a circuit opens after consecutive failures, half-opens after its cool-down, and closes on a successful probe', async () => {
  const gateway = await startRoutingGateway(simulator, { models, routing });
  try {
    simulator.setProfile('flappy', { outages: [{ mode: 'error' }] });
    for (let index = 0; index < 3; index++) {
      const response = await gateway.chat({ model: 'guarded' });
      assert.equal(response.headers.get('x-skyroute-model'), 'backup');
      assert.equal(response.headers.get('x-skyroute-attempts'), '2', 'flappy was tried first and failed');
    }
    const open = await gateway.chat({ model: 'guarded' }, debug());
    assert.equal(open.headers.get('x-skyroute-attempts'), '1', 'the open circuit keeps flappy out');
    assert.match(open.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /sim\/flappy: circuit open/);
    assert.match(open.headers.get('x-skyroute-route-reason') ?? '', /1 filtered out/);

    simulator.setProfile('flappy', { outages: [] });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const probe = await gateway.chat({ model: 'guarded' });
    assert.equal(probe.headers.get('x-skyroute-model'), 'flappy', 'half-open: one probe goes through, and succeeds');
    const closed = await gateway.chat({ model: 'guarded' });
    assert.equal(closed.headers.get('x-skyroute-model'), 'flappy', 'closed again');
  } finally {
    await gateway.close();
  }
});

test('a failed probe opens the circuit again for another cool-down', async () => {
  const gateway = await startRoutingGateway(simulator, { models, routing });
  try {
    simulator.setProfile('flappy', { outages: [{ mode: 'error' }] });
    for (let index = 0; index < 3; index++) await gateway.chat({ model: 'guarded' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const probe = await gateway.chat({ model: 'guarded' }, debug());
    assert.deepEqual(
      probe.body.skyroute?.trace.attempts.map((attempt) => [attempt.deployment, attempt.outcome]),
      [
        ['sim/flappy', 'error'],
        ['sim/backup', 'ok'],
      ],
    );
    const after = await gateway.chat({ model: 'guarded' }, debug());
    assert.equal(after.headers.get('x-skyroute-attempts'), '1');
    assert.match(after.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /circuit open/);
  } finally {
    simulator.setProfile('flappy', { outages: [] });
    await gateway.close();
  }
});

test('two gateways sharing Redis: both stop sending to a deployment that one of them saw fail', async () => {
  const state = { backend: 'redis', redis_url: 'redis://127.0.0.1:6379', key_prefix: `test:${randomUUID()}:` };
  const first = await startRoutingGateway(simulator, { models, routing: { ...routing, circuit_breaker: { consecutive_failures: 3, cooldown_ms: 30_000 } }, state });
  const second = await startRoutingGateway(simulator, { models, routing: { ...routing, circuit_breaker: { consecutive_failures: 3, cooldown_ms: 30_000 } }, state });
  try {
    const before = await second.chat({ model: 'guarded' });
    assert.equal(before.headers.get('x-skyroute-model'), 'flappy');

    simulator.setProfile('flappy', { outages: [{ mode: 'error' }] });
    for (let index = 0; index < 3; index++) await first.chat({ model: 'guarded' });
    const outagesSeen = simulator.stats().outages;

    // The second replica never called flappy since it failed; it learns of the open circuit through Redis.
    let response = await second.chat({ model: 'guarded' }, debug());
    for (let tries = 0; tries < 20 && response.headers.get('x-skyroute-attempts') !== '1'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await second.chat({ model: 'guarded' }, debug());
    }
    assert.equal(response.headers.get('x-skyroute-model'), 'backup');
    assert.equal(response.headers.get('x-skyroute-attempts'), '1');
    assert.match(response.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /sim\/flappy: circuit open/);
    for (let index = 0; index < 10; index++) await second.chat({ model: 'guarded' });
    assert.ok(simulator.stats().outages - outagesSeen <= 1, 'at most the one request in flight while the news travelled reached flappy');
  } finally {
    simulator.setProfile('flappy', { outages: [] });
    await first.close();
    await second.close();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${state.key_prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

test('active health checks open a circuit before any user request fails, and close it again after recovery', async () => {
  const gateway = await startRoutingGateway(simulator, {
    models,
    routing: { ...routing, health_checks: { enabled: true, interval_ms: 100, timeout_ms: 1_000 } },
  });
  try {
    simulator.setProfile('flappy', { outages: [{ mode: 'error' }] });
    const health = gateway.app.runtime().router.parts.health;
    // No user request is sent until the checker's failed probes (three open it) have opened the circuit.
    for (let tries = 0; tries < 40 && health.view('sim/flappy').circuit !== 'open'; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    let response = await gateway.chat({ model: 'guarded' }, debug());
    assert.equal(response.headers.get('x-skyroute-attempts'), '1');
    assert.match(response.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /sim\/flappy: circuit open \(503 GW_ERR_UPSTREAM_OVERLOADED \(health check\)\)/);

    simulator.setProfile('flappy', { outages: [] });
    // After the cool-down (600 ms) the checker, not a user request, is the half-open probe.
    for (let tries = 0; tries < 40 && response.headers.get('x-skyroute-model') !== 'flappy'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await gateway.chat({ model: 'guarded' }, debug());
    }
    assert.equal(response.headers.get('x-skyroute-model'), 'flappy');
    assert.equal(response.headers.get('x-skyroute-attempts'), '1');
  } finally {
    simulator.setProfile('flappy', { outages: [] });
    await gateway.close();
  }
});
