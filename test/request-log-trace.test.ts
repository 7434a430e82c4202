import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createStore } from '../src/store/create-store.js';
import type { RequestLogRow } from '../src/store/store-port.js';
import { startRoutingGateway } from './support/start-routing-gateway.js';

/**
 * The request log keeps a request's routing trace when it says more than the route reason (a failed
 * attempt, a fallback, debug) and not for a request served at the first try, which is most of them.
 */
let simulator: RunningSimulator;
let directory: string;
let rows: Map<string, RequestLogRow>;

const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };

before(async () => {
  simulator = await startSimulator({ seed: 3, profiles: { healthy: { ...quick }, down: { ...quick, outages: [{ mode: 'error' }] } } });
  directory = mkdtempSync(join(tmpdir(), 'skyroute-trace-'));
  const database = join(directory, 'log.db');
  const gateway = await startRoutingGateway(simulator, {
    database: { url: database },
    models: [
      { name: 'plain', deployments: [{ provider: 'sim', model: 'healthy' }] },
      { name: 'failover', strategy: 'priority', deployments: [{ provider: 'sim', model: 'down', priority: 1 }, { provider: 'sim', model: 'healthy', priority: 2 }] },
    ],
    routing: { retry: { backoff_base_ms: 1, backoff_max_ms: 1 } },
  });
  for (const [id, model, headers] of [
    ['plain-1', 'plain', {}],
    ['failover-1', 'failover', {}],
    ['debug-1', 'plain', { 'x-skyroute-debug': '1' }],
  ] as const) {
    const answer = await gateway.chat({ model }, { 'x-request-id': id, ...headers });
    assert.equal(answer.status, 200, `${id}: ${JSON.stringify(answer.body)}`);
  }
  // Closing flushes the writer; the rows are then read as any report would.
  await gateway.close();
  const store = await createStore(database);
  try {
    rows = new Map();
    for (const listed of await store.queryRequestLogs({ limit: 10 })) {
      const row = await store.getRequestLog(listed.id);
      if (row?.clientRequestId !== undefined) rows.set(row.clientRequestId, row);
    }
  } finally {
    await store.close();
  }
});

after(async () => {
  await simulator.close();
  rmSync(directory, { recursive: true, force: true });
});

test('a request served at the first try is logged with its route reason and without a trace', () => {
  const row = rows.get('plain-1');
  assert.ok(row !== undefined, 'the plain request is in the log');
  assert.equal(row.deployment, 'sim/healthy');
  assert.equal(row.attempts, 1);
  assert.ok((row.routeReason ?? '') !== '', 'the route reason is kept');
  assert.equal(row.trace, undefined);
});

test('a request that failed over keeps its trace: the failed attempt, then the one that served', () => {
  const row = rows.get('failover-1');
  assert.ok(row !== undefined, 'the failover request is in the log');
  const trace = row.trace as { attempts: Array<{ deployment: string; outcome: string }> } | undefined;
  assert.ok(trace !== undefined, 'the trace is kept');
  assert.deepEqual(
    trace.attempts.map((attempt) => [attempt.deployment, attempt.outcome]),
    [
      ['sim/down', 'error'],
      ['sim/healthy', 'ok'],
    ],
  );
});

test('a debug request keeps its detailed trace even when the first try served it', () => {
  const trace = rows.get('debug-1')?.trace as { groups: Array<{ candidates: Array<{ deployment: string; health?: unknown }> }> } | undefined;
  assert.ok(trace !== undefined, 'the trace is kept');
  assert.equal(trace.groups[0]?.candidates[0]?.deployment, 'sim/healthy');
  assert.ok(trace.groups[0]?.candidates[0]?.health !== undefined, 'a detailed trace has the candidates health');
});
