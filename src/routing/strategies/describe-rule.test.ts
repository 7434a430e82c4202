import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRule } from './describe-rule.js';

test('describeRule names every field of a condition in a few words', () => {
  assert.equal(describeRule({}), 'always');
  assert.equal(describeRule({ has_images: true }), 'has_images');
  assert.equal(
    describeRule({
      headers: { 'x-tenant': ['acme', 'globex'] },
      metadata: { tier: 'gold' },
      keys: ['prod'],
      teams: ['research'],
      prompt_tokens: { gt: 1000, lt: 8000 },
      keywords: ['refund', 'invoice'],
      regex: '^translate',
      has_tools: false,
      json_mode: true,
      hours: '22-06',
    }),
    'header x-tenant=acme|globex, metadata tier=gold, key prod, team research, prompt_tokens > 1000, prompt_tokens < 8000, keywords refund|invoice, regex /^translate/, no tools, json_mode, hours 22-06 UTC',
  );
  assert.equal(describeRule({ regex: 'x'.repeat(100) }), `regex /${'x'.repeat(39)}…/`);
});
