import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import { parseConfig } from '../src/config/load-config.js';
import { createSeededRandom } from '../src/simulator/create-seeded-random.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createStore } from '../src/store/create-store.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { simModel } from './support/start-routing-gateway.js';

/**
 * The `bandit` strategy learning from POST /v1/feedback: one group of two simulated deployments, where
 * `sloppy` answers code prompts with an apology and `careful` answers them with code; both answer
 * other prompts with ordinary text. A client sends a mix of code and chat prompts (the category in
 * `metadata`), judges each answer from its content alone, and rates it. Randomness is seeded
 * (simulator, router, the order of prompts), so each run routes the same way.
 */
const CODE_PATTERN = 'python|function|code';
const quick = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 12 };
const profiles = {
  sloppy: { ...quick, scriptedReplies: [{ match: CODE_PATTERN, reply: 'Sorry, I would rather not write that for you.' }] },
  careful: { ...quick, scriptedReplies: [{ match: CODE_PATTERN, reply: 'def reverse(items):\n    return items[::-1]' }] },
};

const CODE_PROMPTS = ['Write a Python function that reverses a list.', 'Show me code that parses a date.', 'A function to sum the squares of a list, in Python please.'];
const CHAT_PROMPTS = ['Tell me about spring in the mountains.', 'What makes a good cup of tea?', 'Describe a quiet evening by the sea.'];

function tree(database: Record<string, unknown>, refreshMs: number): Record<string, unknown> {
  return {
    database,
    catalog: { models: [simModel('sloppy', { input: 1, output: 2 }), simModel('careful', { input: 1, output: 2 })] },
    models: [
      {
        name: 'assistant',
        strategy: { type: 'bandit', category: 'metadata:category', exploration: 0.05, window: '1d', refresh_ms: refreshMs },
        deployments: [{ provider: 'sim', model: 'sloppy' }, { provider: 'sim', model: 'careful' }],
      },
    ],
  };
}

interface Gateway {
  app: App;
  url: string;
}

async function startGateway(context: TestContext, simulator: RunningSimulator, body: Record<string, unknown>, seed: number, dataDirectory: string): Promise<Gateway> {
  const loaded = parseConfig(
    { ...body, server: { data_dir: dataDirectory }, providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } } },
    { baseDirectory: process.cwd(), environment: {} },
  );
  const app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }), random: createSeededRandom(seed) });
  context.after(() => app.close());
  return { app, url: await app.listen(0, '127.0.0.1') };
}

interface Answer {
  requestId: string;
  servedBy: string;
  text: string;
  routeReason: string;
}

async function ask(gateway: Gateway, category: 'code' | 'chat', prompt: string): Promise<Answer> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'assistant', messages: [{ role: 'user', content: prompt }], metadata: { category } }),
  });
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  assert.equal(response.status, 200);
  return {
    requestId: response.headers.get('x-request-id') ?? '',
    servedBy: response.headers.get('x-skyroute-model') ?? '',
    text: body.choices[0]?.message.content ?? '',
    routeReason: response.headers.get('x-skyroute-route-reason') ?? '',
  };
}

/**
 * The client's judgement, from the answer alone: a code prompt wants code (a `def` or a `return`); a
 * chat prompt is fine with any few words, rated 0.8 (good enough, not perfect: both deployments earn the same).
 */
function judge(category: 'code' | 'chat', text: string): number {
  if (category === 'code') return /\bdef\b|\breturn\b/.test(text) ? 1 : 0;
  return text.trim().split(/\s+/).length >= 3 ? 0.8 : 0;
}

async function rate(gateway: Gateway, requestId: string, score: number): Promise<void> {
  const response = await fetch(`${gateway.url}/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ request_id: requestId, score }),
  });
  assert.equal(response.status, 200, await response.text());
}

function share(answers: readonly Answer[], deployment: string): number {
  return answers.filter((answer) => answer.servedBy === deployment).length / answers.length;
}

/**
 * Sends `count` requests alternating code and chat (prompts drawn by a seeded random). With `feedback`,
 * the answers are judged and rated there after every `batch` requests, as users' ratings trickle in later.
 */
async function traffic(gateway: Gateway, count: number, seed: number, feedback?: { to: Gateway; batch: number }): Promise<{ code: Answer[]; chat: Answer[] }> {
  const pick = createSeededRandom(seed);
  const code: Answer[] = [];
  const chat: Answer[] = [];
  const unrated: Array<{ answer: Answer; category: 'code' | 'chat' }> = [];
  for (let index = 0; index < count; index++) {
    const category = index % 2 === 0 ? 'code' : 'chat';
    const prompts = category === 'code' ? CODE_PROMPTS : CHAT_PROMPTS;
    const answer = await ask(gateway, category, prompts[Math.floor(pick() * prompts.length)]!);
    (category === 'code' ? code : chat).push(answer);
    if (feedback === undefined) continue;
    unrated.push({ answer, category });
    if (unrated.length < feedback.batch && index < count - 1) continue;
    for (const item of unrated.splice(0)) await rate(feedback.to, item.answer.requestId, judge(item.category, item.answer.text));
  }
  return { code, chat };
}

test('bandit: code traffic moves away from the deployment whose code answers are rated badly; chat traffic stays spread', async (context) => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-bandit-'));
  context.after(() => rmSync(directory, { recursive: true, force: true }));
  const simulator = await startSimulator({ seed: 5, profiles });
  context.after(() => simulator.close());
  const databasePath = join(directory, 'skyroute.db');
  // A long refresh: this replica learns from the feedback it takes itself, at once.
  const gateway = await startGateway(context, simulator, tree({ url: databasePath }, 60_000), 17, directory);

  // Ratings arrive 40 requests at a time: the first 20 code requests are routed before any.
  const { code, chat } = await traffic(gateway, 240, 3, { to: gateway, batch: 40 });
  const firstCode = code.slice(0, 20);
  const lastCode = code.slice(-60);
  context.diagnostic(`code served by sloppy: first 20 ${share(firstCode, 'sloppy')}, last 60 ${share(lastCode, 'sloppy')}; chat: last 60 ${share(chat.slice(-60), 'sloppy')}`);
  // At first the prior says nothing: both serve code (about half each). By the end sloppy gets little
  // more than its part of the exploration share (5 %, half of it to sloppy).
  assert.ok(share(firstCode, 'sloppy') >= 0.25, `sloppy served ${share(firstCode, 'sloppy')} of the first code requests`);
  assert.ok(share(lastCode, 'sloppy') <= 0.15, `sloppy still served ${share(lastCode, 'sloppy')} of the last code requests`);
  // Both answer chat equally well: neither takes it all.
  const lastChat = chat.slice(-60);
  assert.ok(share(lastChat, 'sloppy') >= 0.2 && share(lastChat, 'sloppy') <= 0.8, `sloppy served ${share(lastChat, 'sloppy')} of the last chat requests`);
  assert.match(lastCode.at(-1)!.routeReason, /^bandit: code: (sim\/(careful|sloppy) sampled [01]\.\d\d \(mean [01]\.\d\d of \d+ ratings, of 2\)|exploring, sim\/(careful|sloppy) at random \(5% of requests; .*\))$/);
  assert.match(lastChat.at(-1)!.routeReason, /^bandit: chat: /);

  // The request log records each request's category, and the feedback what it rated.
  await gateway.app.close();
  const store = await createStore(databasePath);
  context.after(() => store.close());
  const row = await store.getRequestLog(code[0]!.requestId);
  assert.equal(row?.category, 'code');
  assert.equal((await store.getRequestLog(chat[0]!.requestId))?.category, 'chat');
  const [rated] = await store.feedbackFor(code.at(-1)!.requestId);
  assert.equal(rated?.category, 'code');
  assert.equal(rated?.deployment, `sim/${code.at(-1)!.servedBy}`);
  const totals = await store.feedbackTotals({ from: 0, to: Date.now() + 1 });
  const sloppyCode = totals.find((total) => total.category === 'code' && total.deployment === 'sim/sloppy');
  assert.equal(sloppyCode?.scoreSum, 0, 'every code answer of sloppy was judged bad');
  assert.equal(totals.reduce((sum, total) => sum + total.ratings, 0), 240);
});

test('bandit across replicas: feedback given to one gateway moves the other one\'s routing once it refreshes (shared PostgreSQL)', async (context) => {
  const POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `skyroute_bandit_${randomBytes(4).toString('hex')}`;
  await (await createStore(POSTGRES, { schema })).close();
  context.after(async () => {
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-bandit-pg-'));
  context.after(() => rmSync(directory, { recursive: true, force: true }));
  const simulator = await startSimulator({ seed: 6, profiles });
  context.after(() => simulator.close());
  const database = { url: `${POSTGRES}?options=-c%20search_path%3D${schema}` };
  const rater = await startGateway(context, simulator, tree(database, 60_000), 21, join(directory, 'a'));
  const other = await startGateway(context, simulator, tree(database, 60_000), 22, join(directory, 'b'));

  // The other replica, before any feedback: code goes to both.
  const before = await traffic(other, 60, 8);
  // Traffic and feedback on the first replica only.
  await traffic(rater, 120, 9, { to: rater, batch: 1 });
  // Its next reload (forced here rather than waited for) reads what the first replica's feedback stored.
  await other.app.runtime().bandit?.refresh();
  const after = await traffic(other, 120, 10);
  context.diagnostic(`other replica, code served by sloppy: before ${share(before.code, 'sloppy')}, after ${share(after.code, 'sloppy')}`);
  assert.ok(share(before.code, 'sloppy') >= 0.25 && share(before.code, 'sloppy') <= 0.75, `before: ${share(before.code, 'sloppy')}`);
  assert.ok(share(after.code, 'sloppy') <= 0.15, `after: ${share(after.code, 'sloppy')}`);
  assert.ok(share(after.chat, 'sloppy') >= 0.2 && share(after.chat, 'sloppy') <= 0.8, `chat after: ${share(after.chat, 'sloppy')}`);
});

test('bandit: a virtual key\'s rating counts only on its own requests, also before the request\'s log row is written', async (context) => {
  const MASTER = 'bandit-master-key-0123456789';
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-bandit-keys-'));
  context.after(() => rmSync(directory, { recursive: true, force: true }));
  const simulator = await startSimulator({ seed: 7, profiles });
  context.after(() => simulator.close());
  // The log writer waits a minute: every rating below arrives before its request's row is written.
  const body = { ...tree({ url: join(directory, 'skyroute.db') }, 60_000), auth: { master_key: MASTER }, request_log: { flush_interval_ms: 60_000 } };
  const gateway = await startGateway(context, simulator, body, 31, directory);
  const createKey = async (name: string): Promise<string> => {
    const response = await fetch(`${gateway.url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    assert.equal(response.status, 201);
    return ((await response.json()) as { key: string }).key;
  };
  const owner = await createKey('owner');
  const stranger = await createKey('stranger');
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'assistant', messages: [{ role: 'user', content: CODE_PROMPTS[0] }], metadata: { category: 'code' } }),
  });
  assert.equal(response.status, 200);
  const requestId = response.headers.get('x-request-id') ?? '';
  const servedBy = `sim/${response.headers.get('x-skyroute-model') ?? ''}`;
  const rateAs = async (key: string, score: number): Promise<void> => {
    const rated = await fetch(`${gateway.url}/v1/feedback`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ request_id: requestId, score }) });
    assert.equal(rated.status, 200);
  };
  await rateAs(stranger, 0);
  await gateway.app.runtime().bandit?.refresh();
  const store = gateway.app.runtime().gateway.admin.store;
  assert.deepEqual(await store.feedbackTotals({ from: 0, to: Date.now() + 1 }), [], "the stranger's rating names nothing and joins nothing");
  await rateAs(owner, 1);
  const records = await store.feedbackFor(requestId);
  assert.equal(records.length, 2);
  assert.deepEqual(records.filter((record) => record.deployment !== undefined).map((record) => [record.score, record.deployment, record.category]), [[1, servedBy, 'code']]);
  assert.deepEqual(await store.feedbackTotals({ from: 0, to: Date.now() + 1 }), [{ model: 'assistant', category: 'code', deployment: servedBy, ratings: 1, scoreSum: 1 }]);
});
