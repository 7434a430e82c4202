import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNKNOWN_HEALTH } from '../health/health-view.js';
import { estimateLatencyMs, fitLatencyProfiles, profileFromHealth } from './latency-profile.js';
import type { LoggedRequest } from './logged-request.js';

function served(deployment: string, outputTokens: number, latencyMs: number, status = 200): LoggedRequest {
  return {
    at: 0,
    endpoint: 'chat',
    model: 'group',
    deployment,
    status,
    inputTokens: 10,
    outputTokens,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 0,
    latencyMs,
  };
}

test('a deployment\'s latency is a line over output tokens through its successful requests', () => {
  const profiles = fitLatencyProfiles([served('a/x', 0, 100), served('a/x', 100, 300), served('a/x', 200, 500), served('b/y', 50, 80)]);
  const a = profiles.get('a/x');
  assert.ok(a !== undefined);
  assert.equal(a.source, 'window');
  assert.equal(a.samples, 3);
  assert.ok(Math.abs(a.baseMs - 100) < 1e-9, String(a.baseMs));
  assert.ok(Math.abs(a.msPerOutputToken - 2) < 1e-9, String(a.msPerOutputToken));
  assert.ok(Math.abs(estimateLatencyMs(a, 400) - 900) < 1e-6);
  assert.deepEqual(profiles.get('b/y'), { source: 'window', baseMs: 80, msPerOutputToken: 0, samples: 1 }, 'one request: flat at its latency');
});

test('failed requests teach nothing, requests of one length give a flat line at their mean, and a falling line is taken as flat', () => {
  const profiles = fitLatencyProfiles([
    served('a/x', 100, 200),
    served('a/x', 100, 400),
    served('a/x', 900, 5_000, 502),
    { ...served('a/x', 100, 999), deployment: undefined },
    served('b/y', 0, 500),
    served('b/y', 100, 300),
  ]);
  assert.deepEqual(profiles.get('a/x'), { source: 'window', baseMs: 300, msPerOutputToken: 0, samples: 2 });
  assert.deepEqual(profiles.get('b/y'), { source: 'window', baseMs: 400, msPerOutputToken: 0, samples: 2 });
  assert.equal(profiles.size, 2);
});

test('the router\'s moving averages become a profile once it has a time to first token', () => {
  assert.equal(profileFromHealth(UNKNOWN_HEALTH), undefined);
  assert.deepEqual(profileFromHealth({ ...UNKNOWN_HEALTH, ttftMs: 250, tokensPerSecond: 50, latencySamples: 7 }), { source: 'current', baseMs: 250, msPerOutputToken: 20, samples: 7 });
  assert.deepEqual(profileFromHealth({ ...UNKNOWN_HEALTH, ttftMs: 250, latencySamples: 1 }), { source: 'current', baseMs: 250, msPerOutputToken: 0, samples: 1 });
});
