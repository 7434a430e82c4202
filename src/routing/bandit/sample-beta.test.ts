import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../../simulator/create-seeded-random.js';
import { sampleBeta, sampleGamma } from './sample-beta.js';

function moments(draw: () => number, count: number): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let squares = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index++) {
    const value = draw();
    sum += value;
    squares += value * value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / count;
  return { mean, variance: squares / count - mean * mean, min, max };
}

test('sampleBeta: the mean and variance of many draws match a/(a+b) and ab/((a+b)²(a+b+1)); every draw in [0, 1]', () => {
  const random = createSeededRandom(7);
  // Shapes below 1 (the boost path), at 1 (the uniform prior), and large (a well-rated arm).
  for (const [alpha, beta] of [[1, 1], [0.5, 0.5], [0.3, 2], [2, 5], [41, 12], [400, 100]] as const) {
    const count = 40_000;
    const { mean, variance, min, max } = moments(() => sampleBeta(alpha, beta, random), count);
    const expectedMean = alpha / (alpha + beta);
    const expectedVariance = (alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1));
    // Five standard errors of the mean: a real bias fails, sampling noise does not.
    assert.ok(Math.abs(mean - expectedMean) < 5 * Math.sqrt(expectedVariance / count), `Beta(${alpha}, ${beta}) mean ${mean}, expected ${expectedMean}`);
    assert.ok(Math.abs(variance - expectedVariance) < 0.1 * expectedVariance, `Beta(${alpha}, ${beta}) variance ${variance}, expected ${expectedVariance}`);
    assert.ok(min >= 0 && max <= 1, `Beta(${alpha}, ${beta}) drew outside [0, 1]: ${min}…${max}`);
  }
});

test('sampleGamma: the mean of many draws is the shape, the variance too (scale 1)', () => {
  const random = createSeededRandom(11);
  for (const shape of [0.4, 1, 3.5, 50]) {
    const count = 40_000;
    const { mean, variance, min } = moments(() => sampleGamma(shape, random), count);
    assert.ok(Math.abs(mean - shape) < 5 * Math.sqrt(shape / count), `Gamma(${shape}) mean ${mean}`);
    assert.ok(Math.abs(variance - shape) < 0.1 * shape, `Gamma(${shape}) variance ${variance}`);
    assert.ok(min >= 0);
  }
});

test('sampleBeta: the same seed gives the same draws', () => {
  const first = createSeededRandom(3);
  const second = createSeededRandom(3);
  for (let index = 0; index < 100; index++) assert.equal(sampleBeta(2, 3, first), sampleBeta(2, 3, second));
});
