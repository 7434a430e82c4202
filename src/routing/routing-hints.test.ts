import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../spec/gateway-error.js';
import { NO_HINTS, readRoutingHints } from './routing-hints.js';

const balanced = { type: 'hybrid', weights: { cost: 0.4, latency: 0.3, quality: 0.3 } };

/** Runs `read` and answers the GatewayError it threw. */
function refusal(read: () => unknown): GatewayError {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected readRoutingHints to throw');
}

test('no header and no body field: NO_HINTS', () => {
  assert.equal(readRoutingHints({}, undefined, true), NO_HINTS);
  assert.deepEqual(readRoutingHints({ 'x-other': 'cost' }, undefined, true), NO_HINTS);
});

test('an empty or null skyroute field asks for nothing', () => {
  assert.deepEqual(readRoutingHints({}, {}, true), NO_HINTS);
  assert.deepEqual(readRoutingHints({}, null, true), NO_HINTS);
});

test('every body hint is read', () => {
  const hints = readRoutingHints({}, { strategy: 'cost', max_cost_usd: 0.01, max_latency_ms: 1_500, fallbacks: ['cheap', 'backup'], region: 'eu' }, true);
  assert.deepEqual(hints, { strategy: { type: 'cost' }, maxCostUsd: 0.01, maxLatencyMs: 1_500, fallbacks: ['cheap', 'backup'], region: 'eu' });
});

test('the header\'s strategy wins over the body\'s; the body\'s other hints still count', () => {
  const hints = readRoutingHints({ 'x-skyroute-strategy': 'latency' }, { strategy: 'cost', region: 'us' }, true);
  assert.deepEqual(hints.strategy, { type: 'latency' });
  assert.equal(hints.region, 'us');
});

test('the header alone is enough', () => {
  assert.deepEqual(readRoutingHints({ 'x-skyroute-strategy': 'cost' }, undefined, true), { ...NO_HINTS, strategy: { type: 'cost' } });
});

test('strategy names ignore case and surrounding spaces, in the header and in the body', () => {
  assert.deepEqual(readRoutingHints({ 'x-skyroute-strategy': '  Least-Busy ' }, undefined, true).strategy, { type: 'least-busy' });
  assert.deepEqual(readRoutingHints({}, { strategy: ' QUALITY  ' }, true).strategy, { type: 'quality', tolerance: 0 });
});

test('each preset maps to its strategy with default settings; balanced and hybrid share the default weights', () => {
  const expected = new Map<string, unknown>([
    ['cost', { type: 'cost' }],
    ['latency', { type: 'latency' }],
    ['quality', { type: 'quality', tolerance: 0 }],
    ['balanced', balanced],
    ['hybrid', balanced],
    ['priority', { type: 'priority' }],
    ['weighted', { type: 'weighted' }],
    ['round-robin', { type: 'round-robin' }],
    ['least-busy', { type: 'least-busy' }],
  ]);
  for (const [name, strategy] of expected) {
    assert.deepEqual(readRoutingHints({ 'x-skyroute-strategy': name }, undefined, true).strategy, strategy, name);
  }
});

test('an unknown strategy in the header is a 400 GW_ERR_ROUTE_CONSTRAINTS on the header, naming the strategy', () => {
  const error = refusal(() => readRoutingHints({ 'x-skyroute-strategy': 'cheapest' }, { strategy: 'cost' }, true));
  assert.equal(error.code, 'GW_ERR_ROUTE_CONSTRAINTS');
  assert.equal(error.status, 400);
  assert.equal(error.param, 'x-skyroute-strategy');
  assert.match(error.message, /^x-skyroute-strategy: unknown strategy "cheapest"/);
  assert.match(error.message, /cost, latency, quality, balanced/, 'the message lists what may be asked for');
});

test('an unknown strategy in the body is reported on skyroute.strategy', () => {
  const error = refusal(() => readRoutingHints({}, { strategy: 'fastest' }, true));
  assert.equal(error.code, 'GW_ERR_ROUTE_CONSTRAINTS');
  assert.equal(error.param, 'skyroute.strategy');
  assert.match(error.message, /^skyroute\.strategy: unknown strategy "fastest"/);
});

test('strategies a hint cannot carry (rules, A/B) and object-prototype names are unknown', () => {
  for (const name of ['rules', 'ab', 'constructor', 'toString', '__proto__']) {
    assert.equal(refusal(() => readRoutingHints({ 'x-skyroute-strategy': name }, undefined, true)).code, 'GW_ERR_ROUTE_CONSTRAINTS', name);
  }
});

test('an unknown body field is a 400 GW_ERR_REQUEST_INVALID naming the field', () => {
  const error = refusal(() => readRoutingHints({}, { strategy: 'cost', max_cost: 0.5 }, true));
  assert.equal(error.code, 'GW_ERR_REQUEST_INVALID');
  assert.equal(error.status, 400);
  assert.equal(error.param, 'skyroute');
  assert.match(error.message, /unknown field\(s\) max_cost/);
});

test('a body hint of the wrong shape is a 400 on its own path', () => {
  const negative = refusal(() => readRoutingHints({}, { max_cost_usd: -1 }, true));
  assert.equal(negative.code, 'GW_ERR_REQUEST_INVALID');
  assert.equal(negative.param, 'skyroute.max_cost_usd');
  assert.equal(refusal(() => readRoutingHints({}, { fallbacks: ['ok', ''] }, true)).param, 'skyroute.fallbacks.1');
  assert.equal(refusal(() => readRoutingHints({}, 'cost', true)).param, 'skyroute', 'skyroute must be an object');
});

test('when requests may not choose their strategy, asking for one is a 400 on where it was asked', () => {
  const fromHeader = refusal(() => readRoutingHints({ 'x-skyroute-strategy': 'cost' }, undefined, false));
  assert.equal(fromHeader.code, 'GW_ERR_ROUTE_CONSTRAINTS');
  assert.equal(fromHeader.param, 'x-skyroute-strategy');
  assert.match(fromHeader.message, /allow_request_strategy is false/);
  const fromBody = refusal(() => readRoutingHints({}, { strategy: 'cost' }, false));
  assert.equal(fromBody.param, 'skyroute.strategy');
  assert.match(fromBody.message, /allow_request_strategy is false/);
});

test('when requests may not choose their strategy, the other hints are still read', () => {
  assert.deepEqual(readRoutingHints({}, { max_latency_ms: 900, region: 'eu' }, false), { ...NO_HINTS, maxLatencyMs: 900, region: 'eu' });
});

test('a blank x-skyroute-strategy header leaves the body to choose', () => {
  const hints = readRoutingHints({ 'x-skyroute-strategy': '  ' }, { strategy: 'cost' }, true);
  assert.equal(hints.strategy?.type, 'cost');
});
