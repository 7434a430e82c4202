import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachingTextCounter } from './caching-text-counter.js';

test('a recurring text is counted once; short texts are not cached; an entry read since the last eviction gets a second chance', () => {
  const counted: string[] = [];
  const count = cachingTextCounter((text) => {
    counted.push(text);
    return text.length;
  }, 2);
  const system = 's'.repeat(100);
  const tools = 't'.repeat(200);
  const other = 'o'.repeat(300);
  assert.equal(count(system), 100);
  assert.equal(count(system), 100);
  assert.equal(count('hi'), 2);
  assert.equal(count('hi'), 2);
  assert.equal(count(tools), 200);
  assert.equal(count(system), 100, 'a hit flags it');
  assert.equal(count(other), 300, 'evicts tools, not read since it came in; system gets a second chance');
  assert.equal(count(system), 100);
  assert.equal(count(tools), 200);
  assert.equal(count(other, true), 300, 'a text that will not recur is counted, not kept');
  assert.equal(count('x'.repeat(400), true), 400);
  assert.equal(count(tools), 200, 'still cached: the one-off text evicted nothing');
  assert.deepEqual(counted.map((text) => text.slice(0, 1) + text.length), ['s100', 'h2', 'h2', 't200', 'o300', 't200', 'o300', 'x400']);
});
