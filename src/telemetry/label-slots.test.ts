import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabelSlots } from './label-slots.js';

test('the first ids keep their own label for good; later ones share "other"; no id is "none"', () => {
  const slots = new LabelSlots(2);
  assert.equal(slots.label('a'), 'a');
  assert.equal(slots.label('b'), 'b');
  assert.equal(slots.label('c'), 'other');
  assert.equal(slots.label('a'), 'a', 'a slot is kept');
  assert.equal(slots.label('c'), 'other', 'and an id past the cap stays "other"');
  assert.equal(slots.label(undefined), 'none');
  assert.equal(new LabelSlots(0).label('a'), 'other');
});
