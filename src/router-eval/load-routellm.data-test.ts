import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRoutellm } from './load-routellm.js';
import { routellmDataDirectory } from './routellm-data-directory.js';
import type { RoutellmItem } from './routellm-item.js';

test('the real data reproduces the counts and qualities its README states after decontamination', () => {
  // A missing folder makes this fail, on purpose (npm run test:data runs it when the data is at hand).
  const data = loadRoutellm(routellmDataDirectory());
  const percent = (items: readonly RoutellmItem[], model: 'strong' | 'weak') =>
    ((items.reduce((sum, item) => sum + item[model], 0) / items.length) * 100).toFixed(1);
  const mean = (items: readonly RoutellmItem[], model: 'strong' | 'weak') =>
    (items.reduce((sum, item) => sum + item[model], 0) / items.length).toFixed(2);

  assert.equal(data.mmlu.length, 14_037);
  assert.equal(percent(data.mmlu, 'strong'), '80.6');
  assert.equal(percent(data.mmlu, 'weak'), '68.1');
  assert.equal(new Set(data.mmlu.map((item) => item.subject)).size, 57);

  assert.equal(data.gsm8k.length, 1_307);
  assert.equal(percent(data.gsm8k, 'strong'), '85.8');
  assert.equal(percent(data.gsm8k, 'weak'), '63.7');
  // GSM8K's first row, "Janet’s ducks…", is a contaminated prompt.
  assert.ok(!data.gsm8k.some((item) => item.prompt.startsWith('Janet’s ducks lay 16 eggs per day')));

  assert.equal(data.mt_bench.length, 72);
  assert.equal(mean(data.mt_bench, 'strong'), '9.21');
  assert.equal(mean(data.mt_bench, 'weak'), '8.28');
  // Question 81 (Hawaii blog post) is contaminated; question 82's first turn is the next prompt.
  assert.ok(data.mt_bench[0]?.prompt.startsWith("Draft a professional email seeking your supervisor's feedback"));

  for (const items of Object.values(data)) {
    for (const item of items) {
      assert.match(item.id, /^[0-9a-f]{16}$/);
      assert.ok(item.prompt.length > 0);
    }
  }
});
