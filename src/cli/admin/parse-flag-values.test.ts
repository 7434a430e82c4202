import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdminCliError } from './admin-cli-error.js';
import { limitBody } from './limit-flags.js';
import { parseBudget, parseCount, parseDuration, parseExpires, parseList, parseMetadata } from './parse-flag-values.js';

test('budgets: AMOUNT/PERIOD with an optional alert share', () => {
  assert.deepEqual(parseBudget('50/month'), { period: 'month', limit_usd: 50 });
  assert.deepEqual(parseBudget('$12.5/day'), { period: 'day', limit_usd: 12.5 });
  assert.deepEqual(parseBudget('100/total@0.9'), { period: 'total', limit_usd: 100, alert_at: 0.9 });
  assert.deepEqual(parseBudget('10/Week@75%'), { period: 'week', limit_usd: 10, alert_at: 0.75 });
  for (const bad of ['50', '50/year', 'month/50', '-5/day', '5/day@1.5', '5/day@150%']) {
    assert.throws(() => parseBudget(bad), (error: unknown) => error instanceof AdminCliError && error.message.includes(`--budget "${bad}"`), bad);
  }
});

test('durations and expiry', () => {
  assert.equal(parseDuration('--grace', '90s'), 90_000);
  assert.equal(parseDuration('--grace', '1h'), 3_600_000);
  assert.equal(parseDuration('--grace', '2w'), 14 * 86_400_000);
  assert.throws(() => parseDuration('--grace', '1 hour'), /--grace "1 hour": expected a duration such as 90s/);
  const now = Date.UTC(2026, 0, 1);
  assert.equal(parseExpires('30d', now), '2026-01-31T00:00:00.000Z');
  assert.equal(parseExpires('2026-06-30T00:00:00Z', now), '2026-06-30T00:00:00Z');
  assert.throws(() => parseExpires('next month', now), /--expires "next month"/);
});

test('lists, counts and metadata', () => {
  assert.deepEqual(parseList(['chat, embed', 'vision']), ['chat', 'embed', 'vision']);
  assert.equal(parseCount('--rpm', '600'), 600);
  for (const bad of ['0', '1.5', 'many', '-3']) assert.throws(() => parseCount('--rpm', bad), /--rpm .*whole number above 0/);
  assert.deepEqual(parseMetadata(['owner=ada', 'url=https://x/?a=b']), { owner: 'ada', url: 'https://x/?a=b' });
  assert.throws(() => parseMetadata(['owner']), /--meta "owner": expected KEY=VALUE/);
});

test('limit flags become the API body; --clear sends null, only on update, and not together with a value', () => {
  assert.deepEqual(limitBody({ name: 'a', models: ['chat,embed'], rpm: '10', 'max-parallel': '2', budget: ['5/day'], meta: ['k=v'] }, { allowClear: false }), {
    name: 'a',
    models: ['chat', 'embed'],
    rpm: 10,
    max_parallel: 2,
    budgets: [{ period: 'day', limit_usd: 5 }],
    metadata: { k: 'v' },
  });
  assert.deepEqual(limitBody({ clear: ['rpm,max-parallel', 'team'] }, { allowClear: true, extraClearable: { team: 'team_id' } }), { rpm: null, max_parallel: null, team_id: null });
  assert.throws(() => limitBody({ clear: ['rpm'] }, { allowClear: false }), /--clear is for update only/);
  assert.throws(() => limitBody({ clear: ['colour'] }, { allowClear: true }), /--clear colour: expected one of/);
  assert.throws(() => limitBody({ rpm: '5', clear: ['rpm'] }, { allowClear: true }), /one or the other/);
});
