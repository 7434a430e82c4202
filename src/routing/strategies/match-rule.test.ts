import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuleConditionSchema, type RuleCondition } from '../../config/routing-config-schema.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { compileRule } from './match-rule.js';
import type { RequestFeatures } from './request-features.js';

/** 2023-11-14T22:13:20Z. */
const tenPastTen = 1_700_000_000_000;
const hour = 3_600_000;

function features(overrides: Partial<RequestFeatures> & { text?: string; extra?: Partial<ChatRequest> } = {}): RequestFeatures {
  const { text, extra, ...rest } = overrides;
  return {
    request: { model: 'group', messages: [{ role: 'user', content: text ?? 'hello there' }], ...extra },
    headers: {},
    keyName: undefined,
    team: undefined,
    promptTokens: () => 100,
    now: tenPastTen,
    random: () => 0.5,
    ...rest,
  };
}

function matches(condition: RuleCondition, request: RequestFeatures): boolean {
  return compileRule(RuleConditionSchema.parse(condition))(request);
}

test('an empty condition matches everything; fields combine with AND', () => {
  assert.equal(matches({}, features()), true);
  const condition: RuleCondition = { keys: ['prod'], has_tools: false };
  assert.equal(matches(condition, features({ keyName: 'prod' })), true);
  assert.equal(matches(condition, features({ keyName: 'prod', extra: { tools: [{ type: 'function', function: { name: 't' } }] } })), false);
  assert.equal(matches(condition, features({ keyName: 'dev' })), false);
});

test('metadata: a value or any of a list; numbers compare by their text; a missing key does not match', () => {
  const condition: RuleCondition = { metadata: { tier: ['gold', 'platinum'], region: 'eu' } };
  assert.equal(matches(condition, features({ extra: { metadata: { tier: 'gold', region: 'eu' } } })), true);
  assert.equal(matches(condition, features({ extra: { metadata: { tier: 'silver', region: 'eu' } } })), false);
  assert.equal(matches(condition, features({ extra: { metadata: { tier: 'gold' } } })), false);
  assert.equal(matches(condition, features()), false);
  assert.equal(matches({ metadata: { level: '3' } }, features({ extra: { metadata: { level: 3 } } })), true);
  assert.equal(matches({ metadata: { toString: 'x' } }, features({ extra: { metadata: {} } })), false);
});

test('headers: lower-case names, any value of a repeated header, a list of accepted values', () => {
  const condition: RuleCondition = { headers: { 'X-Tenant': ['acme', 'globex'] } };
  assert.equal(matches(condition, features({ headers: { 'x-tenant': 'acme' } })), true);
  assert.equal(matches(condition, features({ headers: { 'x-tenant': ['other', 'globex'] } })), true);
  assert.equal(matches(condition, features({ headers: { 'x-tenant': 'Acme' } })), false);
  assert.equal(matches(condition, features({ headers: {} })), false);
});

test('keys and teams: the caller is in the list; no key or team never matches', () => {
  assert.equal(matches({ keys: ['a', 'b'] }, features({ keyName: 'b' })), true);
  assert.equal(matches({ keys: ['a', 'b'] }, features()), false);
  assert.equal(matches({ teams: ['research'] }, features({ team: 'research' })), true);
  assert.equal(matches({ teams: ['research'] }, features({ team: 'sales' })), false);
  assert.equal(matches({ teams: ['research'] }, features({ keyName: 'research' })), false);
});

test('prompt_tokens: strict bounds, and tokens are counted only when every cheaper check passed', () => {
  let counted = 0;
  const count = (tokens: number) => () => {
    counted++;
    return tokens;
  };
  const longPrompts = compileRule({ prompt_tokens: { gt: 1_000 } });
  assert.equal(longPrompts(features({ promptTokens: count(1_001) })), true);
  assert.equal(longPrompts(features({ promptTokens: count(1_000) })), false);
  const between = compileRule({ prompt_tokens: { gt: 10, lt: 20 } });
  assert.equal(between(features({ promptTokens: count(15) })), true);
  assert.equal(between(features({ promptTokens: count(20) })), false);
  assert.equal(counted, 4);
  const guarded = compileRule({ has_images: true, prompt_tokens: { lt: 50 } });
  assert.equal(guarded(features({ promptTokens: count(10) })), false);
  assert.equal(compileRule({ has_images: false })(features({ promptTokens: count(10) })), true);
  assert.equal(counted, 4, 'no count when an earlier check failed or the rule has no prompt_tokens');
});

test('keywords: whole words or phrases, case-insensitive, Unicode-aware; symbols are literal', () => {
  const condition: RuleCondition = { keywords: ['refund', 'c++', 'café', 'machine learning'] };
  assert.equal(matches(condition, features({ text: 'I want a REFUND now' })), true);
  assert.equal(matches(condition, features({ text: 'refund.' })), true);
  assert.equal(matches(condition, features({ text: 'refunded yesterday' })), false);
  assert.equal(matches(condition, features({ text: 'nonrefund' })), false);
  assert.equal(matches(condition, features({ text: 'write it in C++ please' })), true);
  assert.equal(matches(condition, features({ text: 'write it in c' })), false);
  assert.equal(matches(condition, features({ text: 'Un CAFÉ, merci' })), true);
  assert.equal(matches(condition, features({ text: 'cafés' })), false);
  assert.equal(matches(condition, features({ text: 'about machine\nlearning' })), true);
  assert.equal(matches({ keywords: ['a.b'] }, features({ text: 'axb' })), false);
  assert.equal(matches({ keywords: ['a.b'] }, features({ text: 'see a.b here' })), true);
});

test('keywords read the last user message only', () => {
  const request = features({
    extra: {
      messages: [
        { role: 'user', content: 'refund please' },
        { role: 'assistant', content: 'refund?' },
        { role: 'user', content: [{ type: 'text', text: 'never mind' }] },
      ],
    },
  });
  assert.equal(matches({ keywords: ['refund'] }, request), false);
  assert.equal(matches({ keywords: ['mind'] }, request), true);
});

test('regex: case-insensitive against the last user message, combined with keywords by AND', () => {
  assert.equal(matches({ regex: '^translate\\b' }, features({ text: 'Translate this' })), true);
  assert.equal(matches({ regex: '^translate\\b' }, features({ text: 'please translate' })), false);
  const both: RuleCondition = { regex: 'invoice #\\d+', keywords: ['urgent'] };
  assert.equal(matches(both, features({ text: 'URGENT: invoice #42' })), true);
  assert.equal(matches(both, features({ text: 'invoice #42' })), false);
  assert.equal(matches(both, features({ text: 'urgent: invoice' })), false);
});

test('has_images, has_tools, json_mode: true requires, false forbids', () => {
  const withImage = features({ extra: { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] } });
  assert.equal(matches({ has_images: true }, withImage), true);
  assert.equal(matches({ has_images: true }, features()), false);
  assert.equal(matches({ has_images: false }, withImage), false);
  const withTools = features({ extra: { tools: [{ type: 'function', function: { name: 'lookup' } }] } });
  assert.equal(matches({ has_tools: true }, withTools), true);
  assert.equal(matches({ has_tools: true }, features()), false);
  const json = features({ extra: { response_format: { type: 'json_object' } } });
  assert.equal(matches({ json_mode: true }, json), true);
  assert.equal(matches({ json_mode: false }, json), false);
  assert.equal(matches({ json_mode: false }, features()), true);
});

test('hours: UTC, start inclusive, end exclusive, wrapping midnight', () => {
  const at = (utcHour: number) => features({ now: Math.floor(tenPastTen / (24 * hour)) * 24 * hour + utcHour * hour + 60_000 });
  assert.equal(matches({ hours: '22-23' }, features()), true, 'tenPastTen is 22:13 UTC');
  assert.equal(matches({ hours: '09-17' }, at(9)), true);
  assert.equal(matches({ hours: '09-17' }, at(16)), true);
  assert.equal(matches({ hours: '09-17' }, at(17)), false);
  assert.equal(matches({ hours: '09-17' }, at(8)), false);
  assert.equal(matches({ hours: '22-06' }, at(23)), true);
  assert.equal(matches({ hours: '22-06' }, at(0)), true);
  assert.equal(matches({ hours: '22-06' }, at(5)), true);
  assert.equal(matches({ hours: '22-06' }, at(6)), false);
  assert.equal(matches({ hours: '22-06' }, at(12)), false);
  assert.equal(matches({ hours: '0-24' }, at(23)), true);
  assert.equal(matches({ hours: '08-08' }, at(8)), false);
});
