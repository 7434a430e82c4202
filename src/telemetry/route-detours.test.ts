import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RouteTrace } from '../routing/explain.js';
import { routeDetours } from './route-detours.js';

const failed = { code: 'GW_ERR_UPSTREAM_SERVER', status: 502, message: 'boom' };

test('retries, hedges, failures and fallback groups from a real trace, as the request log keeps it', () => {
  const trace = new RouteTrace('fast', () => 0);
  trace.decide('fast', 'priority', undefined, [], undefined);
  trace.attempt({ deployment: 'sim/a', group: 'fast', outcome: 'error', startedAtMs: 0, durationMs: 5, error: failed });
  trace.attempt({ deployment: 'sim/b', group: 'fast', outcome: 'skipped', startedAtMs: 5, durationMs: 0 });
  trace.attempt({ deployment: 'sim/b', group: 'fast', outcome: 'error', startedAtMs: 6, durationMs: 5, error: { ...failed, code: 'GW_ERR_UPSTREAM_TIMEOUT', status: 504 } });
  // A second round plans the first group again: not a fallback.
  trace.decide('fast', 'priority', undefined, [], undefined);
  trace.decide('smart', 'priority', undefined, [], undefined);
  trace.decide('smart', 'priority', undefined, [], undefined);
  trace.attempt({ deployment: 'sim/c', group: 'smart', outcome: 'cancelled', startedAtMs: 20, durationMs: 3 });
  trace.attempt({ deployment: 'sim/d', group: 'smart', outcome: 'ok', startedAtMs: 21, durationMs: 3, hedge: true });
  const detours = routeDetours(JSON.parse(JSON.stringify(trace.toJSON())));
  assert.deepEqual(detours, {
    retries: ['sim/b', 'sim/c'],
    hedges: ['sim/d'],
    failures: [
      { deployment: 'sim/a', code: 'GW_ERR_UPSTREAM_SERVER', status: 502 },
      { deployment: 'sim/b', code: 'GW_ERR_UPSTREAM_TIMEOUT', status: 504 },
    ],
    fallbacks: ['smart'],
  });
});

test('one plain attempt, or something that is not a trace, counts nothing', () => {
  const trace = new RouteTrace('fast', () => 0);
  trace.decide('fast', 'priority', undefined, [], undefined);
  trace.attempt({ deployment: 'sim/a', group: 'fast', outcome: 'ok', startedAtMs: 0, durationMs: 5 });
  const none = { retries: [], hedges: [], failures: [], fallbacks: [] };
  assert.deepEqual(routeDetours(trace.toJSON()), none);
  assert.deepEqual(routeDetours(undefined), none);
  assert.deepEqual(routeDetours({ attempts: 'x', groups: [null, 3] }), none);
});
