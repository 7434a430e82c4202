import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blendRouterScore, type RouterBlend } from './blend-router-score.js';

const steps = Array.from({ length: 101 }, (_, index) => index / 100);
/** Votes 0–1 and lengths 0–100 spread evenly, so a position is the value itself (length / 100). */
const blend: RouterBlend = {
  lengthWeight: 0.2,
  massFloor: 50,
  similarityQuantiles: steps,
  lengthQuantiles: steps.map((step) => 100 * step),
};

test('at or above the mass floor, the vote weighs 1 − lengthWeight and length the rest', () => {
  assert.ok(Math.abs(blendRouterScore(blend, 0.9, 50, 30) - (0.8 * 0.9 + 0.2 * 0.3)) < 1e-12);
  assert.ok(Math.abs(blendRouterScore(blend, 0.9, 400, 30) - (0.8 * 0.9 + 0.2 * 0.3)) < 1e-12);
});

test('below the floor the vote loses weight in proportion to the mass, and length takes it', () => {
  // Half the floor's mass: the vote weighs 0.8 × 0.5.
  assert.ok(Math.abs(blendRouterScore(blend, 0.9, 25, 30) - (0.4 * 0.9 + 0.6 * 0.3)) < 1e-12);
  // No mass: length alone.
  assert.equal(blendRouterScore(blend, 0.9, 0, 30), 0.3);
  assert.equal(blendRouterScore(blend, 0.9, -1e-12, 30), 0.3);
});

test('a floor of 0 always trusts the vote', () => {
  assert.ok(Math.abs(blendRouterScore({ ...blend, massFloor: 0 }, 0.9, 0, 30) - (0.8 * 0.9 + 0.2 * 0.3)) < 1e-12);
});
