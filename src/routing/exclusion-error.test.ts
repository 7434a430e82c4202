import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment } from './deployment.js';
import { exclusionError } from './exclusion-error.js';
import type { Exclusion } from './plan-group.js';
import { candidateFixture } from './strategies/strategy-fixtures.js';

function deployment(id: string): Deployment {
  return candidateFixture(id).deployment;
}

const health: Exclusion = { deployment: deployment('alpha/one'), kind: 'health', reason: 'alpha/one circuit open', retryAfterMs: 8_000 };
const limit: Exclusion = { deployment: deployment('beta/two'), kind: 'limit', reason: 'beta/two at its rpm limit', retryAfterMs: 2_500 };
const policy: Exclusion = { deployment: deployment('gamma/three'), kind: 'policy', reason: 'gamma/three is not on your key' };
const constraint: Exclusion = { deployment: deployment('delta/four'), kind: 'constraint', param: 'skyroute.region', reason: 'delta/four is not in region eu' };
const context: Exclusion = { deployment: deployment('epsilon/five'), kind: 'context', param: 'messages', reason: 'epsilon/five has a 8000-token context window' };
const request: Exclusion = { deployment: deployment('zeta/six'), kind: 'request', param: 'tools', reason: 'zeta/six cannot take tools' };

test('an open circuit beats every other kind: 503 GW_ERR_ROUTE_UNAVAILABLE with the soonest retry-after', () => {
  const error = exclusionError('group', [request, context, constraint, policy, limit, health]);
  assert.equal(error.code, 'GW_ERR_ROUTE_UNAVAILABLE');
  assert.equal(error.status, 503);
  assert.equal(error.retryAfterSeconds, 3, 'the limit frees up in 2.5 s, before the circuit (8 s); rounded up');
  assert.equal(error.provider, undefined, 'two deployments wait: no single provider to name');
});

test('a limit beats policy, constraints and capabilities: 429 GW_ERR_ROUTE_RATE_LIMITED', () => {
  const error = exclusionError('group', [policy, constraint, context, request, limit]);
  assert.equal(error.code, 'GW_ERR_ROUTE_RATE_LIMITED');
  assert.equal(error.status, 429);
  assert.equal(error.retryAfterSeconds, 3);
  assert.equal(error.provider, 'beta', 'one deployment waits: its provider is named');
});

test('health alone is 503, and names the provider of the one waiting deployment', () => {
  const error = exclusionError('group', [health]);
  assert.equal(error.code, 'GW_ERR_ROUTE_UNAVAILABLE');
  assert.equal(error.retryAfterSeconds, 8);
  assert.equal(error.provider, 'alpha');
});

test('retry-after is the soonest wait, at least 1 s, and a wait nobody knows counts as 1 s', () => {
  const soon: Exclusion = { ...limit, retryAfterMs: 1_001 };
  const later: Exclusion = { ...health, retryAfterMs: 60_000 };
  assert.equal(exclusionError('group', [later, soon]).retryAfterSeconds, 2);
  assert.equal(exclusionError('group', [{ ...limit, retryAfterMs: 30 }]).retryAfterSeconds, 1);
  assert.equal(exclusionError('group', [{ ...limit, retryAfterMs: 0 }]).retryAfterSeconds, 1);
  const unknownWait: Exclusion = { deployment: deployment('eta/seven'), kind: 'health', reason: 'eta/seven cooling down' };
  assert.equal(exclusionError('group', [later, unknownWait]).retryAfterSeconds, 1);
});

test('the policy (key allow-list) beats constraints and capabilities: 403 GW_ERR_ROUTE_NOT_ALLOWED on model', () => {
  const error = exclusionError('group', [constraint, context, request, policy]);
  assert.equal(error.code, 'GW_ERR_ROUTE_NOT_ALLOWED');
  assert.equal(error.status, 403);
  assert.equal(error.param, 'model');
  assert.equal(error.retryAfterSeconds, undefined, 'waiting does not help');
});

test('a hint constraint beats capabilities: 400 GW_ERR_ROUTE_CONSTRAINTS naming the first constraint\'s field', () => {
  const cost: Exclusion = { deployment: deployment('theta/eight'), kind: 'constraint', param: 'skyroute.max_cost_usd', reason: 'theta/eight would cost too much' };
  const error = exclusionError('group', [request, context, constraint, cost]);
  assert.equal(error.code, 'GW_ERR_ROUTE_CONSTRAINTS');
  assert.equal(error.status, 400);
  assert.equal(error.param, 'skyroute.region');
  assert.match(error.message, /^skyroute\.region: /);
});

test('a constraint without a field is reported on the skyroute field', () => {
  const error = exclusionError('group', [{ deployment: deployment('iota/nine'), kind: 'constraint', reason: 'iota/nine excluded by a hint' }]);
  assert.equal(error.param, 'skyroute');
});

test('the message names the group and lists every deployment\'s reason, whatever wins', () => {
  const all = [health, limit, policy, constraint, context, request];
  for (const winner of [all, all.slice(1), all.slice(2), all.slice(3), all.slice(4)]) {
    const error = exclusionError('my-group', winner);
    assert.match(error.message, /"my-group"/, error.code);
    for (const exclusion of winner) assert.ok(error.message.includes(exclusion.reason), `${error.code}: ${exclusion.reason}`);
  }
});

test('only context exclusions: 400 GW_ERR_ROUTE_CONTEXT_TOO_LONG with the upstream-style code context_length_exceeded', () => {
  const other: Exclusion = { deployment: deployment('kappa/ten'), kind: 'context', param: 'messages', reason: 'kappa/ten has a 4000-token context window' };
  const error = exclusionError('group', [context, other]);
  assert.equal(error.code, 'GW_ERR_ROUTE_CONTEXT_TOO_LONG');
  assert.equal(error.status, 400);
  assert.equal(error.upstreamCode, 'context_length_exceeded');
  assert.equal(error.param, 'messages');
  assert.ok(error.message.includes(context.reason) && error.message.includes(other.reason));
});

test('a capability the request needs (with or without context exclusions) is a 400 on the first field', () => {
  const onlyRequest = exclusionError('group', [request]);
  assert.equal(onlyRequest.code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  assert.equal(onlyRequest.status, 400);
  assert.equal(onlyRequest.param, 'tools');
  const mixed = exclusionError('group', [request, context]);
  assert.equal(mixed.code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT', 'not every deployment was too small: not a context error');
  assert.equal(mixed.upstreamCode, undefined);
});

test('an embedding model asked for chat is GW_ERR_MODEL_WRONG_MODE', () => {
  const embedding: Exclusion = { deployment: deployment('lambda/embed'), kind: 'request', param: 'model', reason: 'lambda/embed is an embedding model' };
  const error = exclusionError('group', [embedding]);
  assert.equal(error.code, 'GW_ERR_MODEL_WRONG_MODE');
  assert.equal(error.param, 'model');
});

test('no exclusions at all (an empty group) is GW_ERR_ROUTE_NO_DEPLOYMENT', () => {
  const error = exclusionError('empty', []);
  assert.equal(error.code, 'GW_ERR_ROUTE_NO_DEPLOYMENT');
  assert.equal(error.status, 503);
});
