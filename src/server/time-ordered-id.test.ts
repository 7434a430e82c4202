import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeOrderedId } from './time-ordered-id.js';

test('a time-ordered id is a UUIDv7 that carries its millisecond and sorts by it', () => {
  const at = Date.UTC(2026, 10, 22, 14, 30, 0, 123);
  const id = timeOrderedId(at);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  const ids = [at + 5, at, at + 1_000, at + 1].map((time) => timeOrderedId(time));
  assert.deepEqual([...ids].sort(), [ids[1], ids[3], ids[0], ids[2]]);
});

test('ids of one millisecond differ', () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId(1_700_000_000_000)));
  assert.equal(ids.size, 10_000);
});
