import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StrategySchema, type LlmStrategyConfig } from '../../config/routing-config-schema.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { InternalChatAnswer } from '../classify/internal-chat.js';
import { compileLlmSelector } from './llm-selector.js';
import type { RequestFeatures } from './request-features.js';
import type { RouteSelection } from './select-route.js';
import { featuresFixture } from './strategy-fixtures.js';

function llmConfig(fields: Record<string, unknown> = {}): LlmStrategyConfig {
  const parsed = StrategySchema.parse({
    type: 'llm',
    model: 'router-small',
    categories: {
      code: { description: 'programming, debugging, code review', use: 'code-models' },
      math: { description: 'arithmetic and proofs', use: { strategy: { type: 'cost' } } },
      general: { description: 'everything else', use: 'cheap-chat' },
    },
    default: 'general',
    ...fields,
  });
  assert.equal(parsed.type, 'llm');
  return parsed as LlmStrategyConfig;
}

function features(text: string, earlier: ChatRequest['messages'] = []): RequestFeatures {
  return featuresFixture({ model: 'smart', messages: [{ role: 'system', content: 'Be brief.' }, ...earlier, { role: 'user', content: text }] });
}

interface Call {
  groupName: string;
  request: ChatRequest;
  cancellation: Cancellation;
  answer(text: string): void;
  fail(error: unknown): void;
}

/** A classifier whose calls the test answers by hand; `calls` lists them in order. */
function fakeClassifier() {
  const calls: Call[] = [];
  let clock = 1_000;
  const options = {
    now: () => clock,
    chat: (groupName: string, request: ChatRequest, cancellation: Cancellation) =>
      new Promise<InternalChatAnswer>((resolve, reject) => {
        calls.push({
          groupName,
          request,
          cancellation,
          answer: (text) => resolve({ text, deployment: 'sim/small', usage: { inputTokens: 120, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 }, costNusd: 12_200 }),
          fail: reject,
        });
      }),
  };
  return { calls, options, advance: (milliseconds: number) => (clock += milliseconds) };
}

async function settle<T>(value: T | Promise<T>): Promise<T> {
  return value instanceof Promise ? await value : value;
}

/** Lets the selector's promise chain run (the fake call is answered synchronously by the test). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a classified request: the category picks its target; the classifier gets the prompt, the text alone, temperature 0 and a small max_tokens', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig(), classifier.options);
  const pending = select(features('def add(a, b): return a - b  # why does this fail?'), 'smart');
  assert.ok(pending instanceof Promise, 'a miss waits for the classifier');
  assert.equal(classifier.calls.length, 1);
  const call = classifier.calls[0]!;
  assert.equal(call.groupName, 'router-small');
  assert.equal(call.request.model, 'router-small');
  assert.equal(call.request.temperature, 0);
  assert.equal(call.request.max_tokens, 16);
  assert.equal(call.request.stream, false);
  assert.equal(call.request.messages.length, 2);
  assert.equal(call.request.messages[0]!.role, 'system');
  assert.match(String(call.request.messages[0]!.content), /- code: programming, debugging, code review\n- math: arithmetic and proofs\n- general: everything else/);
  assert.deepEqual(call.request.messages[1], { role: 'user', content: 'def add(a, b): return a - b  # why does this fail?' });
  classifier.advance(212);
  call.answer('Code.');
  const selection = await pending;
  assert.deepEqual(selection.target, { group: 'code-models' });
  assert.equal(selection.category, 'code');
  assert.equal(selection.reason, 'llm: code (router-small, 212 ms) → group code-models');
  assert.deepEqual(selection.classification, {
    model: 'router-small',
    category: 'code',
    outcome: 'answered',
    deployment: 'sim/small',
    inputTokens: 120,
    outputTokens: 1,
    latencyMs: 212,
    costNusd: 12_200,
  });
  assert.ok(Object.isFrozen(selection));
});

test('a strategy target and only the last user message, cut to max_input_chars', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig({ max_input_chars: 10 }), classifier.options);
  const pending = select(features('what is 1234 + 5678 exactly?', [{ role: 'user', content: 'fix my code' }, { role: 'assistant', content: 'ok' }]), 'smart');
  assert.equal(classifier.calls[0]!.request.messages[1]!.content, 'what is 12');
  classifier.calls[0]!.answer('math');
  const selection = await settle(pending);
  assert.deepEqual(selection.target, { strategy: { type: 'cost' } });
  assert.match(selection.reason, /^llm: math \(router-small, 0 ms\) → strategy cost$/);
  // A surrogate pair is never cut in half.
  const emoji = compileLlmSelector(llmConfig({ max_input_chars: 3 }), classifier.options);
  void emoji(features('ab😀cd'), 'smart');
  assert.equal(classifier.calls[1]!.request.messages[1]!.content, 'ab');
});

test('cache: the same text again is answered at once (no promise, no call, nothing charged) until the TTL passes', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig({ cache: { max_entries: 10, ttl_ms: 60_000 } }), classifier.options);
  const first = select(features('fix this bug'), 'smart');
  classifier.calls[0]!.answer('code');
  await settle(first);
  const again = select(features('fix this bug'), 'smart');
  assert.ok(!(again instanceof Promise), 'a cache hit is synchronous');
  assert.equal((again as RouteSelection).reason, 'llm: code (cached) → group code-models');
  assert.deepEqual((again as RouteSelection).classification, { model: 'router-small', category: 'code', outcome: 'cached', costNusd: 0 });
  assert.equal(select(features('fix this bug'), 'smart'), again, 'one frozen answer per cached text');
  assert.equal(classifier.calls.length, 1);
  // Another text is another call.
  void select(features('fix this other bug'), 'smart');
  assert.equal(classifier.calls.length, 2);
  // After the TTL the text is classified again.
  classifier.advance(60_001);
  const expired = select(features('fix this bug'), 'smart');
  assert.ok(expired instanceof Promise);
  assert.equal(classifier.calls.length, 3);
});

test('cache max_entries 0 turns the cache off; a full cache drops the least recently used text', async () => {
  const classifier = fakeClassifier();
  const uncached = compileLlmSelector(llmConfig({ cache: { max_entries: 0 } }), classifier.options);
  const one = uncached(features('x'), 'smart');
  classifier.calls[0]!.answer('code');
  await settle(one);
  assert.ok(uncached(features('x'), 'smart') instanceof Promise);
  assert.equal(classifier.calls.length, 2);

  const small = fakeClassifier();
  const select = compileLlmSelector(llmConfig({ cache: { max_entries: 2 } }), small.options);
  for (const text of ['a', 'b', 'c']) {
    const pending = select(features(text), 'smart');
    small.calls.at(-1)!.answer('general');
    await settle(pending);
  }
  assert.ok(!(select(features('c'), 'smart') instanceof Promise));
  assert.ok(!(select(features('b'), 'smart') instanceof Promise));
  assert.ok(select(features('a'), 'smart') instanceof Promise, 'the oldest text was dropped');
});

test('single flight: requests with the same text share one call; only the one that started it pays', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig(), classifier.options);
  const leader = select(features('prove that 2 + 2 = 4'), 'smart');
  classifier.advance(50);
  const follower = select(features('prove that 2 + 2 = 4'), 'smart');
  const other = select(features('say hello'), 'smart');
  assert.equal(classifier.calls.length, 2, 'one call per distinct text');
  classifier.advance(100);
  classifier.calls[0]!.answer('math');
  classifier.calls[1]!.answer('general');
  const [led, followed, separate] = await Promise.all([leader, follower, other]);
  assert.equal(led.category, 'math');
  assert.equal(led.classification?.costNusd, 12_200);
  assert.equal(led.classification?.latencyMs, 150);
  assert.equal(followed.category, 'math');
  assert.equal(followed.classification?.costNusd, 0);
  assert.equal(followed.classification?.shared, true);
  assert.equal(followed.classification?.latencyMs, 100);
  assert.equal(followed.reason, 'llm: math (router-small, shared, waited 100 ms) → strategy cost');
  assert.equal(separate.category, 'general');
  // Settled: the next one is a cache hit, not another flight.
  assert.ok(!(select(features('prove that 2 + 2 = 4'), 'smart') instanceof Promise));
  assert.equal(classifier.calls.length, 2);
});

test('timeout: the default category after timeout_ms, the call cancelled, and nothing cached', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig({ timeout_ms: 30 }), classifier.options);
  const selection = await settle(select(features('a slow one'), 'smart'));
  assert.equal(selection.category, 'general');
  assert.deepEqual(selection.target, { group: 'cheap-chat' });
  assert.equal(selection.reason, 'llm: general (default: timed out after 30 ms) → group cheap-chat');
  assert.equal(selection.classification?.outcome, 'default');
  assert.equal(selection.classification?.fallback, 'timed out after 30 ms');
  assert.equal(selection.classification?.costNusd, 0);
  const call = classifier.calls[0]!;
  assert.equal(call.cancellation.aborted, true, 'the in-flight call is cancelled');
  assert.ok(call.cancellation.reason instanceof GatewayError && call.cancellation.reason.code === 'GW_ERR_UPSTREAM_TIMEOUT');
  // A late answer changes nothing, and the text is asked again next time.
  call.answer('code');
  await turn();
  assert.ok(select(features('a slow one'), 'smart') instanceof Promise);
  assert.equal(classifier.calls.length, 2);
});

test('errors: the default category with the error in the reason, never a rejected selection; not cached', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig(), classifier.options);
  const pending = select(features('anything'), 'smart');
  classifier.calls[0]!.fail(new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', 'sim/small is overloaded'));
  const selection = await settle(pending);
  assert.equal(selection.category, 'general');
  assert.equal(selection.reason, 'llm: general (default: router-small failed (503 GW_ERR_UPSTREAM_OVERLOADED)) → group cheap-chat');
  assert.equal(selection.classification?.fallback, 'router-small failed: sim/small is overloaded');
  const again = select(features('anything'), 'smart');
  assert.ok(again instanceof Promise, 'a failure is not cached');
  classifier.calls[1]!.fail(new Error('no router serves these routing parts yet'));
  assert.match((await again).reason, /^llm: general \(default: router-small failed: no router serves these routing parts yet\) → group cheap-chat$/);
});

test('an answer naming no category: the default, charged, and cached (asking again would answer the same)', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig(), classifier.options);
  const pending = select(features('hmm'), 'smart');
  classifier.calls[0]!.answer('I cannot classify that.');
  const selection = await settle(pending);
  assert.equal(selection.category, 'general');
  assert.equal(selection.reason, 'llm: general (default: the answer "I cannot classify that." names no category) → group cheap-chat');
  assert.equal(selection.classification?.costNusd, 12_200);
  const cached = select(features('hmm'), 'smart');
  assert.ok(!(cached instanceof Promise));
  assert.equal((cached as RouteSelection).reason, 'llm: general (cached; default: the answer "I cannot classify that." names no category) → group cheap-chat');
  assert.equal(classifier.calls.length, 1);
});

test('no text to classify (no user message, or images only): the default at once, no call', () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig(), classifier.options);
  const imageOnly = features('');
  imageOnly.request.messages[1] = { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] };
  for (const request of [imageOnly, features('   ')]) {
    const selection = select(request, 'smart');
    assert.ok(!(selection instanceof Promise));
    assert.equal((selection as RouteSelection).reason, 'llm: general (default: no text to classify) → group cheap-chat');
  }
  assert.equal(classifier.calls.length, 0);
});

test('one request planned again (a retry round, a fallback group) reuses its classification: one call, one charge', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig({ timeout_ms: 20 }), classifier.options);
  const request = features('will time out');
  const first = await settle(select(request, 'smart'));
  const second = await settle(select(request, 'smart'));
  assert.equal(second, first, 'the same selection object (the trace records it once)');
  assert.equal(classifier.calls.length, 1);
});

test('a request stops waiting when it is cancelled; the call goes on for the cache and is not charged to it', async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig(), classifier.options);
  const cancellation = new Cancellation();
  const pending = select({ ...features('fix this bug'), cancellation }, 'smart');
  assert.ok(pending instanceof Promise);
  cancellation.abort(new Error('the client went away'));
  const selection = await pending;
  assert.equal(selection.category, 'general');
  assert.equal(selection.reason, 'llm: general (default: the request was cancelled while it waited) → group cheap-chat');
  assert.equal(selection.classification?.costNusd, 0);
  assert.equal(classifier.calls[0]!.cancellation.aborted, false, 'the shared call is not cancelled');
  classifier.calls[0]!.answer('code');
  await turn();
  const cached = select(features('fix this bug'), 'smart');
  assert.ok(!(cached instanceof Promise), 'the call still filled the cache');
  assert.equal(cached.category, 'code');
});

test("a request with a deadline waits at most half the time left before it, then takes the default", async () => {
  const classifier = fakeClassifier();
  const select = compileLlmSelector(llmConfig({ timeout_ms: 1_500 }), classifier.options);
  const clock = classifier.options.now();
  const startedAt = Date.now();
  const pending = select({ ...features('prove that 2 + 2 = 4'), deadlineAt: clock + 80 }, 'smart');
  const selection = await settle(pending);
  const waited = Date.now() - startedAt;
  assert.equal(selection.category, 'general');
  assert.match(selection.reason, /^llm: general \(default: stopped waiting after \d+ ms, half the time left before the request's deadline\) → group cheap-chat$/);
  assert.ok(waited >= 35, `waited ${waited} ms: about half of the 80 ms left`);
  assert.equal(classifier.calls.length, 1);
  // A deadline further away than timeout_ms changes nothing: the answer comes through.
  const later = select({ ...features('say hello'), deadlineAt: clock + 60_000 }, 'smart');
  classifier.calls[1]!.answer('general');
  assert.equal((await settle(later)).reason, 'llm: general (router-small, 0 ms) → group cheap-chat');
});
