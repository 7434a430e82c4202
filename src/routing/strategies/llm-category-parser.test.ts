import assert from 'node:assert/strict';
import { test } from 'node:test';
import { llmCategoryParser } from './llm-category-parser.js';

const parse = llmCategoryParser(['code', 'math', 'general', 'customer-support', 'customer']);

test('an exact name, whatever the case, quotes, markdown or punctuation around it', () => {
  for (const answer of ['code', 'Code', ' CODE\n', '"code"', "'code'.", '`code`', '**code**', 'code.', '(code)', '[math]!', 'General:']) {
    assert.notEqual(parse(answer), undefined, answer);
  }
  assert.equal(parse(' "Code". '), 'code');
  assert.equal(parse('MATH'), 'math');
  assert.equal(parse('customer-support'), 'customer-support');
  assert.equal(parse('Customer'), 'customer');
});

test('else the first category named as a word in the answer', () => {
  assert.equal(parse('Category: math'), 'math');
  assert.equal(parse('I would say this is code, not math.'), 'code');
  assert.equal(parse('This is math (not code).'), 'math');
  assert.equal(parse('code-review'), 'code');
  // The longer name wins where both start at the same place.
  assert.equal(parse('probably customer-support'), 'customer-support');
  assert.equal(parse('the customer wants a refund'), 'customer');
});

test('a name inside another word does not count; an answer naming none is undefined', () => {
  assert.equal(parse('encode'), undefined);
  assert.equal(parse('mathematics'), undefined);
  assert.equal(parse('generally speaking'), undefined);
  assert.equal(parse(''), undefined);
  assert.equal(parse('I cannot help with that.'), undefined);
});

test('names with regular-expression characters are matched literally', () => {
  const odd = llmCategoryParser(['c-plus', 'a_b']);
  assert.equal(odd('A_B'), 'a_b');
  assert.equal(odd('c-plus!'), 'c-plus');
  assert.equal(odd('cxplus'), undefined);
});
