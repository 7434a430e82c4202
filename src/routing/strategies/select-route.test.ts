import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StrategySchema } from '../../config/routing-config-schema.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import type { RequestFeatures } from './request-features.js';
import { compileSelector, type SelectorConfig } from './select-route.js';

function features(options: { text?: string; user?: string; headers?: RequestFeatures['headers']; metadata?: Record<string, unknown>; random?: () => number; extra?: Partial<ChatRequest> } = {}): RequestFeatures {
  const request: ChatRequest = { model: 'group', messages: [{ role: 'user', content: options.text ?? 'hello' }], ...options.extra };
  if (options.user !== undefined) request.user = options.user;
  if (options.metadata !== undefined) request['metadata'] = options.metadata;
  return {
    request,
    headers: options.headers ?? {},
    keyName: undefined,
    team: undefined,
    promptTokens: () => 10,
    now: 1_700_000_000_000,
    random: options.random ?? (() => 0.5),
  };
}

function selector(config: unknown) {
  return compileSelector(StrategySchema.parse(config) as SelectorConfig);
}

const rules = selector({
  type: 'rules',
  rules: [
    { when: { keywords: ['refund'] }, use: { group: 'support' } },
    { when: { has_images: true }, use: { group: 'vision' } },
    { when: { keywords: ['image'], has_images: true }, use: { group: 'never-reached' } },
    { when: { json_mode: true }, use: { strategy: 'cost' } },
  ],
  default: { type: 'latency' },
});

test('rules: the first matching rule wins, named by its 1-based position and what it tests', () => {
  const image = { type: 'image_url' as const, image_url: { url: 'https://x/y.png' } };
  const both = features({ extra: { messages: [{ role: 'user', content: [{ type: 'text', text: 'refund this image' }, image] }] } });
  assert.deepEqual(rules(both, 'g'), { target: { group: 'support' }, reason: 'rules: #1 (keywords refund) → group support' });
  const vision = rules(features({ extra: { messages: [{ role: 'user', content: [{ type: 'text', text: 'an image' }, image] }] } }), 'g');
  assert.deepEqual(vision.target, { group: 'vision' });
  assert.equal(vision.reason, 'rules: #2 (has_images) → group vision');
  const json = rules(features({ extra: { response_format: { type: 'json_object' } } }), 'g');
  assert.deepEqual(json.target, { strategy: { type: 'cost' } });
  assert.equal(json.reason, 'rules: #4 (json_mode) → strategy cost');
});

test('rules: no match gives the default strategy, or priority when none is configured', () => {
  assert.deepEqual(rules(features(), 'g'), { target: { strategy: { type: 'latency' } }, reason: 'rules: no rule matched; default latency' });
  const bare = selector({ type: 'rules', rules: [{ when: { keys: ['x'] }, use: { group: 'y' } }] });
  assert.deepEqual(bare(features(), 'g'), { target: { strategy: { type: 'priority' } }, reason: 'rules: no rule matched; default priority' });
});

const split = selector({
  type: 'ab',
  variants: [
    { name: 'a', weight: 70, group: 'control' },
    { name: 'b', weight: 30, strategy: { type: 'hybrid', weights: { cost: 1 } } },
  ],
});

test('ab: sticky by user: the same user gets the same variant on every call and from every compiled copy', () => {
  const replica = selector({
    type: 'ab',
    variants: [
      { name: 'a', weight: 70, group: 'control' },
      { name: 'b', weight: 30, strategy: { type: 'hybrid', weights: { cost: 1 } } },
    ],
  });
  const random = createSeededRandom(5);
  for (let user = 0; user < 200; user++) {
    const first = split(features({ user: `user-${user}`, random }), 'chat');
    for (let call = 0; call < 3; call++) assert.equal(split(features({ user: `user-${user}`, random }), 'chat').variant, first.variant);
    assert.equal(replica(features({ user: `user-${user}` }), 'chat').variant, first.variant);
  }
  const selection = split(features({ user: 'alice' }), 'chat');
  assert.match(selection.reason, /^ab: variant "(a" → group control|b" → strategy hybrid) \(sticky by user\)$/);
});

test('ab: sticky assignments follow the weights over 10,000 users, and each group splits independently', () => {
  const users = 10_000;
  let inB = 0;
  let sameInBothGroups = 0;
  for (let user = 0; user < users; user++) {
    const request = features({ user: `user-${user}` });
    const chat = split(request, 'chat').variant;
    if (chat === 'b') inB++;
    if (split(request, 'summaries').variant === chat) sameInBothGroups++;
  }
  assert.ok(Math.abs(inB / users - 0.3) < 0.02, `b got ${inB} of ${users}`);
  // Independent 70/30 splits agree with probability 0.7² + 0.3² = 0.58.
  assert.ok(Math.abs(sameInBothGroups / users - 0.58) < 0.02, `same variant in both groups for ${sameInBothGroups}`);
});

test('ab: without the sticky id the split is random per request, by weight, and says so', () => {
  const random = createSeededRandom(11);
  let inB = 0;
  const requests = 10_000;
  for (let request = 0; request < requests; request++) if (split(features({ random }), 'chat').variant === 'b') inB++;
  assert.ok(Math.abs(inB / requests - 0.3) < 0.02, `b got ${inB} of ${requests}`);
  assert.equal(split(features({ random: () => 0.69 }), 'chat').reason, 'ab: variant "a" → group control (at random: the request has no user)');
  assert.equal(split(features({ random: () => 0.71 }), 'chat').variant, 'b');
  assert.equal(split(features({ user: '', random: () => 0.99 }), 'chat').variant, 'b', 'an empty user is no id');
});

test('ab: sticky by a header or a metadata key; unnamed variants are named by position', () => {
  const byHeader = selector({ type: 'ab', sticky_by: 'header:x-session', variants: [{ weight: 1, group: 'one' }, { weight: 1, group: 'two' }] });
  const seen = new Set<string | undefined>();
  for (let session = 0; session < 50; session++) {
    const id = `session-${session}`;
    const variant = byHeader(features({ headers: { 'x-session': id }, random: () => 0 }), 'g').variant;
    assert.equal(byHeader(features({ headers: { 'x-session': [id] }, random: () => 0.99 }), 'g').variant, variant);
    seen.add(variant);
  }
  assert.deepEqual([...seen].sort(), ['1', '2']);
  assert.match(byHeader(features({ headers: { 'x-session': 's' } }), 'g').reason, /\(sticky by header:x-session\)$/);

  const byMetadata = selector({ type: 'ab', sticky_by: 'metadata:tenant', variants: [{ weight: 1, group: 'one' }, { weight: 1, group: 'two' }] });
  const tenant = byMetadata(features({ metadata: { tenant: 'acme' }, random: () => 0 }), 'g');
  for (const random of [0.2, 0.6, 0.99]) assert.equal(byMetadata(features({ metadata: { tenant: 'acme' }, random: () => random }), 'g').variant, tenant.variant);
  assert.equal(byMetadata(features({ user: 'u', random: () => 0.99 }), 'g').reason, 'ab: variant "2" → group two (at random: the request has no metadata:tenant)');
});
