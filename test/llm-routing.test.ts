import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigSchema } from '../src/config/config-schema.js';
import { parseConfig } from '../src/config/load-config.js';
import { loadLearnedRouters } from '../src/routing/strategies/load-learned-routers.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createStore } from '../src/store/create-store.js';
import type { RequestLogRow } from '../src/store/store-port.js';
import { simModel, startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * The `llm` strategy through the gateway: a simulated small model (scriptedReplies) plays the
 * classifier, routed by the gateway itself; its answer picks the group that serves the request.
 */
const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };
const classifierReplies = [
  { match: 'def |function|bug', reply: 'code' },
  { match: '.', reply: 'general' },
];
const SLOW_CLASSIFIER_MS = 3_000;
const CLASSIFIER_PRICE = { input: 0.1, output: 0.4 };

const categories = {
  code: { description: 'programming, debugging, code review', use: 'code-models' },
  general: { description: 'everything else', use: 'cheap-chat' },
};
const tree = (database?: string): Record<string, unknown> => ({
  ...(database === undefined ? {} : { database: { url: database } }),
  catalog: {
    models: [
      simModel('classifier', CLASSIFIER_PRICE),
      simModel('slow-classifier', CLASSIFIER_PRICE),
      simModel('broken-classifier', CLASSIFIER_PRICE),
      simModel('coder', { input: 3, output: 15 }),
      simModel('chatter', { input: 0.2, output: 0.6 }),
    ],
  },
  models: [
    { name: 'router-small', deployments: [{ provider: 'sim', model: 'classifier' }] },
    { name: 'router-slow', deployments: [{ provider: 'sim', model: 'slow-classifier' }] },
    { name: 'router-broken', retry: { max_attempts: 1 }, deployments: [{ provider: 'sim', model: 'broken-classifier' }] },
    { name: 'code-models', deployments: [{ provider: 'sim', model: 'coder' }] },
    { name: 'cheap-chat', deployments: [{ provider: 'sim', model: 'chatter' }] },
    { name: 'smart', strategy: { type: 'llm', model: 'router-small', categories, default: 'general' }, deployments: [{ provider: 'sim', model: 'chatter' }] },
    { name: 'smart-slow', strategy: { type: 'llm', model: 'router-slow', categories, default: 'general', timeout_ms: 300 }, deployments: [{ provider: 'sim', model: 'chatter' }] },
    { name: 'smart-broken', strategy: { type: 'llm', model: 'router-broken', categories, default: 'general' }, deployments: [{ provider: 'sim', model: 'chatter' }] },
  ],
});

interface ClassifierJson {
  model: string;
  category: string;
  outcome: string;
  fallback?: string;
  deployment?: string;
  latency_ms?: number;
  input_tokens?: number;
  output_tokens?: number;
  cost_usd: number;
}

let simulator: RunningSimulator;
let gateway: RoutingGateway;

before(async () => {
  simulator = await startSimulator({
    seed: 5,
    profiles: {
      classifier: { ...quick, scriptedReplies: classifierReplies },
      'slow-classifier': { ...quick, timeToFirstTokenMs: SLOW_CLASSIFIER_MS, scriptedReplies: classifierReplies },
      'broken-classifier': { ...quick, errorRate: 1, scriptedReplies: classifierReplies },
      coder: quick,
      chatter: quick,
    },
  });
  gateway = await startRoutingGateway(simulator, tree());
});
after(async () => {
  await gateway.close();
  await simulator.close();
});

/** The classifier requests the simulator received for this text (the user message is the client's text alone). */
function classifierCalls(model: string, text: string): number {
  return simulator.requests().filter((request) => {
    const body = request.body as { model?: string; messages?: Array<{ role: string; content: unknown }> } | undefined;
    return body?.model === model && body.messages?.at(-1)?.content === text;
  }).length;
}

function classifierOf(body: unknown): ClassifierJson[] {
  return ((body as { skyroute?: { trace: { classifier?: ClassifierJson[] } } }).skyroute?.trace.classifier ?? []);
}

test('code prompts are served by the code group, others by the cheap one; the reason and the debug trace say why and what the classifier cost', async () => {
  const code = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: 'Why does this function return None? def f(x): x + 1' }] }, { 'x-skyroute-debug': '1' });
  assert.equal(code.status, 200, JSON.stringify(code.body));
  assert.equal(code.headers.get('x-skyroute-model'), 'coder');
  assert.match(code.headers.get('x-skyroute-route-reason') ?? '', /^llm: code \(router-small, \d+ ms\) -> group code-models; /);
  const decision = code.body.skyroute?.trace.groups[0] as { group: string; selection?: string; category?: string } | undefined;
  assert.equal(decision?.group, 'code-models');
  assert.equal(decision?.category, 'code');
  assert.match(decision?.selection ?? '', /^llm: code \(router-small, \d+ ms\) → group code-models$/);
  const [classified] = classifierOf(code.body);
  assert.equal(classified?.model, 'router-small');
  assert.equal(classified?.category, 'code');
  assert.equal(classified?.outcome, 'answered');
  assert.equal(classified?.deployment, 'sim/classifier');
  assert.equal(classified?.output_tokens, 1, 'the scripted one-word answer');
  assert.ok((classified?.input_tokens ?? 0) > 20, 'the fixed prompt and the text');
  const expectedNusd = Math.round((classified!.input_tokens! * CLASSIFIER_PRICE.input + classified!.output_tokens! * CLASSIFIER_PRICE.output) * 1000);
  assert.equal(classified?.cost_usd, expectedNusd / 1e9, 'priced at the catalog price of the classifier');

  const general = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: 'Write a haiku about autumn rain.' }] });
  assert.equal(general.status, 200);
  assert.equal(general.headers.get('x-skyroute-model'), 'chatter');
  assert.match(general.headers.get('x-skyroute-route-reason') ?? '', /^llm: general \(router-small, \d+ ms\) -> group cheap-chat; /);
});

test('the same prompt again is answered from the cache: the simulator sees one classifier call', async () => {
  const text = 'There is a bug in my sort: it loses the last element.';
  const first = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: text }] });
  const second = await gateway.chat({ model: 'smart', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: text }] }, { 'x-skyroute-debug': '1' });
  assert.equal(first.headers.get('x-skyroute-model'), 'coder');
  assert.equal(second.headers.get('x-skyroute-model'), 'coder');
  assert.match(second.headers.get('x-skyroute-route-reason') ?? '', /^llm: code \(cached\) -> group code-models; /);
  assert.deepEqual(classifierOf(second.body), [{ model: 'router-small', category: 'code', outcome: 'cached', cost_usd: 0 }]);
  assert.equal(classifierCalls('classifier', text), 1);

  // Concurrent requests with a new text share one call.
  const together = 'Review this function for bugs: function add(a, b) { return a - b }';
  const answers = await Promise.all([1, 2, 3].map(() => gateway.chat({ model: 'smart', messages: [{ role: 'user', content: together }] })));
  for (const answer of answers) assert.equal(answer.headers.get('x-skyroute-model'), 'coder');
  assert.equal(classifierCalls('classifier', together), 1);
});

test('a slow classifier: the default group after about timeout_ms, the classifier call cancelled', async () => {
  const text = 'def slow(): pass';
  const disconnectsBefore = simulator.stats().clientDisconnects;
  const startedAt = Date.now();
  const answer = await gateway.chat({ model: 'smart-slow', messages: [{ role: 'user', content: text }] }, { 'x-skyroute-debug': '1' });
  const elapsedMs = Date.now() - startedAt;
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.headers.get('x-skyroute-model'), 'chatter', 'the default category, general');
  assert.match(answer.headers.get('x-skyroute-route-reason') ?? '', /^llm: general \(default: timed out after 300 ms\) -> group cheap-chat; /);
  // The client did not wait for the classifier's answer (it would have come after SLOW_CLASSIFIER_MS).
  assert.ok(elapsedMs < SLOW_CLASSIFIER_MS - 1_000, `answered after ${elapsedMs} ms`);
  const [classified] = classifierOf(answer.body);
  assert.equal(classified?.outcome, 'default');
  assert.equal(classified?.fallback, 'timed out after 300 ms');
  assert.equal(classified?.cost_usd, 0);
  assert.equal(classifierCalls('slow-classifier', text), 1, 'the classifier was asked');
  // The cancelled call closes its connection: the simulator abandons the generation.
  for (let waited = 0; simulator.stats().clientDisconnects === disconnectsBefore && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(simulator.stats().clientDisconnects, disconnectsBefore + 1);
});

test('a failing classifier: the default group, with the failure in the reason; the request still succeeds', async () => {
  const answer = await gateway.chat({ model: 'smart-broken', messages: [{ role: 'user', content: 'function broken() {}' }] }, { 'x-skyroute-debug': '1' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.headers.get('x-skyroute-model'), 'chatter');
  assert.match(answer.headers.get('x-skyroute-route-reason') ?? '', /^llm: general \(default: router-broken failed \(\d{3} GW_ERR_[A-Z_]+\)\) -> group cheap-chat; /);
  const [classified] = classifierOf(answer.body);
  assert.equal(classified?.outcome, 'default');
  assert.match(classified?.fallback ?? '', /^router-broken failed: /);
  // Not cached: the next request asks again (and fails again, now fast: the deployment cools down).
  const again = await gateway.chat({ model: 'smart-broken', messages: [{ role: 'user', content: 'function broken() {}' }] });
  assert.equal(again.status, 200);
  assert.match(again.headers.get('x-skyroute-route-reason') ?? '', /^llm: general \(default: router-broken failed/);
});

test('a classifier loop or a missing classifier group is refused at reload', () => {
  const providers = { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } };
  const looped = tree() as { models: Array<Record<string, unknown>> };
  looped.models[0]!['strategy'] = { type: 'llm', model: 'smart', categories, default: 'general' };
  const loopConfig = parseConfig({ database: { url: ':memory:' }, ...looped, providers }, { baseDirectory: process.cwd(), environment: {} });
  assert.throws(() => gateway.app.reload(loopConfig), /models\[0\]\.strategy\.model: the classifier "smart" is itself routed by an llm strategy \("smart" → strategy llm\)/);
  const missing = tree() as { models: Array<Record<string, unknown>> };
  missing.models[5]!['strategy'] = { type: 'llm', model: 'router-smol', categories, default: 'general' };
  const missingConfig = parseConfig({ database: { url: ':memory:' }, ...missing, providers }, { baseDirectory: process.cwd(), environment: {} });
  assert.throws(() => gateway.app.reload(missingConfig), /models\[5\]\.strategy\.model: no model group or model "router-smol"/);
});

test('a learned strategy nested in a category is loaded with the config (its problems name the category)', () => {
  const config = ConfigSchema.parse({
    models: [{ name: 'smart', strategy: { type: 'llm', model: 'router-small', categories: { ...categories, code: { use: { strategy: { type: 'learned', router: 'nowhere.json', strong: 'a', weak: 'b', threshold: 0.5 } } } }, default: 'general' }, deployments: [{ provider: 'p', model: 'm' }] }],
  });
  assert.throws(() => loadLearnedRouters(config, tmpdir()), /models\[0\]\.strategy\.categories\.code\.use\.strategy\.router: router file .*nowhere\.json does not exist/);
});

test('after a refused reload the running config still classifies', async () => {
  const still = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: 'def still_here(): pass' }] });
  assert.equal(still.headers.get('x-skyroute-model'), 'coder');
});

test('the classifier call is charged to the request that made it: the request log row costs the answer plus the classification', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-llm-'));
  const database = join(directory, 'log.db');
  try {
    const logged = await startRoutingGateway(simulator, tree(database));
    const text = 'def charged(): raise NotImplementedError  # fix this bug';
    const first = await logged.chat({ model: 'smart', messages: [{ role: 'user', content: text }] }, { 'x-request-id': 'llm-miss' });
    const second = await logged.chat({ model: 'smart', messages: [{ role: 'user', content: text }] }, { 'x-request-id': 'llm-hit' });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const answerCost = (headers: Headers): number => Math.round(Number(headers.get('x-skyroute-cost-usd')) * 1e9);
    await logged.close();
    const store = await createStore(database);
    const rows = new Map<string, RequestLogRow>();
    try {
      for (const listed of await store.queryRequestLogs({ limit: 10 })) {
        const row = await store.getRequestLog(listed.id);
        if (row?.clientRequestId !== undefined) rows.set(row.clientRequestId, row);
      }
    } finally {
      await store.close();
    }
    const miss = rows.get('llm-miss');
    const hit = rows.get('llm-hit');
    assert.ok(miss !== undefined && hit !== undefined);
    const [classified] = classifierOf({ skyroute: { trace: miss.trace } });
    assert.equal(classified?.outcome, 'answered', 'the row of a request that called the classifier keeps its trace');
    const classifierNusd = Math.round(classified!.cost_usd * 1e9);
    assert.ok(classifierNusd > 0);
    assert.equal(miss.costNusd, answerCost(first.headers) + classifierNusd);
    assert.equal(hit.costNusd, answerCost(second.headers), 'a cache hit costs nothing more');
    // The client sees both parts: the answer's cost and the classifier's, which add up to what was charged.
    const classifierHeader = (headers: Headers): number => Math.round(Number(headers.get('x-skyroute-classifier-cost-usd')) * 1e9);
    assert.equal(classifierHeader(first.headers), classifierNusd);
    assert.equal(second.headers.get('x-skyroute-classifier-cost-usd'), '0', 'a cache hit says it cost nothing');
    assert.equal(hit.trace, undefined, 'a cache hit served at the first try keeps no trace');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
