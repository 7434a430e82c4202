import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Runtime } from '../../build-runtime.js';
import { DeploymentLimits } from '../../routing/deployment-limits.js';
import type { Deployment } from '../../routing/deployment.js';
import type { HealthPolicy } from '../../routing/health/apply-outcome.js';
import { DeploymentHealth } from '../../routing/health/deployment-health.js';
import type { ModelGroup } from '../../routing/model-table.js';
import { candidateFixture } from '../../routing/strategies/strategy-fixtures.js';
import { createMemoryState } from '../../state/memory/create-memory-state.js';
import type { StatePort } from '../../state/state-port.js';
import { DeploymentsJson } from './admin-output-schemas.js';
import { describeDeployments } from './describe-deployments.js';

const NOW = Date.UTC(2026, 0, 14, 12);
const policy: HealthPolicy = {
  circuit: { consecutive_failures: 2, error_rate: 0.5, min_requests: 20, window_ms: 30_000, cooldown_ms: 10_000 },
  latency: { alpha: 0.2, decay_ms: 2_000, explore_after_ms: 5_000 },
};

function deployment(id: string, fields: Partial<Deployment> = {}): Deployment {
  return { ...candidateFixture(id).deployment, ...fields };
}

function group(name: string, deployments: Deployment[]): ModelGroup {
  return {
    name,
    deployments,
    configured: true,
    strategy: { type: 'cost' },
    fallbacks: ['backup'],
    retry: { max_attempts: 3, backoff_base_ms: 1, backoff_max_ms: 1 },
    hedge: {},
  };
}

/** What describeDeployments reads of a runtime (the model table's groups, the router's health and limits, the config's providers), the rest absent. */
function runtimeOf(groups: ModelGroup[], health: DeploymentHealth, limits: DeploymentLimits, providers: Record<string, string>): Runtime {
  return {
    models: { list: () => [...groups, { ...group('alpha/unconfigured', [deployment('alpha/unconfigured')]), configured: false }] },
    router: { parts: { health, limits } },
    config: {
      providers: Object.fromEntries(Object.entries(providers).map(([id, type]) => [id, { type }])),
      routing: { circuit_breaker: policy.circuit },
    },
  } as unknown as Runtime;
}

test('a provider whose credentials cool down is down, and each of its deployments shows the cooldown; so is one whose every deployment is open', async () => {
  const state = createMemoryState({ now: () => NOW });
  const health = new DeploymentHealth({ state, policy, now: () => NOW });
  const limits = new DeploymentLimits(state, () => NOW, () => {});
  const one = deployment('alpha/one');
  const two = deployment('alpha/two');
  const other = deployment('beta/other', { price: { input: 1, output: 2 } });
  const runtime = runtimeOf([group('chat', [one, two]), group('more', [other, one])], health, limits, { alpha: 'openai', beta: 'anthropic', gamma: 'gemini' });
  try {
    health.record('provider:alpha', { kind: 'failure', countsForCircuit: false, cooldownMs: 60_000, reason: '401 credentials refused' });
    health.record('beta/other', { kind: 'failure', countsForCircuit: true, reason: '500 upstream error' });
    health.record('beta/other', { kind: 'failure', countsForCircuit: true, reason: '500 upstream error' });
    health.record('beta/other', { kind: 'success', ttftMs: 10 }); // the circuit is open: a success does not close it, but is counted
    const document = DeploymentsJson.parse(await describeDeployments(runtime, NOW));

    assert.deepEqual(
      document.groups.map((entry) => [entry.name, entry.strategy, entry.fallbacks, entry.deployments.map((item) => item.id)]),
      [
        ['chat', 'cost', ['backup'], ['alpha/one', 'alpha/two']],
        ['more', 'cost', ['backup'], ['beta/other', 'alpha/one']],
      ],
      'configured groups only, each deployment under every group that has it',
    );
    const alphaOne = document.groups[0]!.deployments[0]!;
    assert.equal(alphaOne.health.cooling_until, new Date(NOW + 60_000).toISOString(), "the provider's credential cooldown is the deployment's too");
    assert.equal(alphaOne.health.reason, '401 credentials refused');
    assert.equal(alphaOne.health.circuit, 'closed');
    const betaOther = document.groups[1]!.deployments[0]!;
    assert.deepEqual([betaOther.health.circuit, betaOther.health.half_open_at, betaOther.health.reason], ['open', new Date(NOW + 10_000).toISOString(), '500 upstream error']);
    assert.equal(betaOther.health.error_rate, 2 / 3);
    assert.deepEqual(betaOther.price, { input: 1, output: 2, cached_input: null, cache_write: null, cache_write_long: null });

    assert.deepEqual(
      document.providers.map((provider) => [provider.id, provider.type, provider.status, provider.deployments, provider.open, provider.cooling, provider.cooling_until]),
      [
        ['alpha', 'openai', 'down', 2, 0, 2, new Date(NOW + 60_000).toISOString()],
        ['beta', 'anthropic', 'down', 1, 1, 0, null],
        ['gamma', 'gemini', 'ok', 0, 0, 0, null],
      ],
      'alpha: credentials cooling; beta: its only deployment is open; gamma: configured, serving nothing',
    );
    assert.equal(document.error_window_ms, 30_000);
    assert.equal(document.at, new Date(NOW).toISOString());
  } finally {
    await health.close();
  }
});

test('with the state store down, headroom is null and limits_error says why; health still answers', async () => {
  const memory = createMemoryState({ now: () => NOW });
  const failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');
  const down: StatePort = { ...memory, admitAll: () => Promise.reject(failure) };
  const health = new DeploymentHealth({ state: memory, policy, now: () => NOW });
  const runtime = runtimeOf([group('chat', [deployment('alpha/one', { rpm: 10 }), deployment('alpha/free')])], health, new DeploymentLimits(down, () => NOW, () => {}), { alpha: 'openai' });
  try {
    const document = DeploymentsJson.parse(await describeDeployments(runtime, NOW));
    assert.match(document.limits_error ?? '', /did not answer \(connect ECONNREFUSED 127\.0\.0\.1:6379\)/);
    assert.deepEqual(
      document.groups[0]!.deployments.map((item) => [item.id, item.headroom, item.health.circuit]),
      [
        ['alpha/one', null, 'closed'],
        ['alpha/free', null, 'closed'],
      ],
    );
  } finally {
    await health.close();
  }
});

test('headroom: the limit, what the window holds (fractions of the previous minute included) and the whole requests that still fit', async () => {
  let now = Math.floor(NOW / 60_000) * 60_000 + 30_000; // half-way through a minute
  const state = createMemoryState({ now: () => now });
  const health = new DeploymentHealth({ state, policy, now: () => now });
  const limits = new DeploymentLimits(state, () => now, () => {});
  const limited = deployment('alpha/limited', { rpm: 10, tpm: 1_000 });
  const runtime = runtimeOf([group('chat', [limited])], health, limits, { alpha: 'openai' });
  try {
    for (let request = 0; request < 3; request++) assert.deepEqual(await limits.acquire(limited, 100), { ok: true });
    now += 45_000; // 15 s into the next minute: the last minute's 3 requests weigh 3 × 0.75
    const document = DeploymentsJson.parse(await describeDeployments(runtime, now));
    assert.deepEqual(document.groups[0]!.deployments[0]!.headroom, { rpm: { limit: 10, used: 2.25, left: 7 }, tpm: { limit: 1_000, used: 225, left: 775 } });
    assert.equal(document.limits_error, null);
  } finally {
    await health.close();
  }
});
