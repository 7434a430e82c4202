import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numpyLinearQuantile } from './numpy-linear-quantile.js';
import { routellmThresholds } from './routellm-thresholds.js';

// Expected values printed by numpy 2.4.6: np.percentile(a, np.linspace(0, 1, 11) * 100.0), which is
// what pd.qcut(a, 10, retbins=True) computes for its edges. Compared with strict equality on purpose.
test('routellmThresholds reproduces pd.qcut edges bit for bit, including its rounding', () => {
  const ascending = Array.from({ length: 11 }, (_, index) => index);
  assert.deepEqual(routellmThresholds(ascending), [0, 1, 2, 3.0000000000000004, 4, 5, 6.000000000000001, 7, 8, 9, 10]);
  assert.deepEqual(routellmThresholds([-1, 0, 0, 0, 0, 0, 0, 1, 1, 1]), [
    -1, -0.09999999999999998, 0, 0, 0, 0, 0, 0.2999999999999998, 1, 1, 1,
  ]);
  assert.deepEqual(routellmThresholds([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]), [0, 0, 0, 0, 0, 0, 0.40000000000000036, 1, 1, 1, 1]);
  assert.deepEqual(routellmThresholds([0.1, 0.2, 0.3, 0.35, 0.5, 0.7, 0.9]), [
    0.1, 0.16000000000000003, 0.22000000000000003, 0.28, 0.32, 0.35, 0.44000000000000006, 0.5399999999999998,
    0.6600000000000001, 0.78, 0.9,
  ]);
});

test('numpyLinearQuantile matches np.percentile on single probabilities', () => {
  assert.equal(numpyLinearQuantile([1, 2, 3, 4], 0.3), 1.9);
  assert.equal(numpyLinearQuantile([0.1, 0.7], 0.95), 0.6699999999999999);
  assert.equal(numpyLinearQuantile([0.1, 0.2, 0.7], 0.975), 0.6749999999999999);
  assert.equal(numpyLinearQuantile([0.1, 0.2, 0.7], 0.025), 0.10500000000000001);
  assert.equal(numpyLinearQuantile([5], 0.5), 5);
  assert.throws(() => numpyLinearQuantile([], 0.5), RangeError);
  assert.throws(() => numpyLinearQuantile([1, 2], 1.5), RangeError);
});
