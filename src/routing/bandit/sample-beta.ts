/**
 * A draw from Beta(alpha, beta): X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). `random` is
 * uniform in [0, 1) (the router's, seeded in tests). A few uniforms per draw, no allocation.
 */
export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  const sum = x + y;
  // Both shapes tiny enough to underflow to 0: the mean is the honest answer.
  return sum > 0 ? x / sum : alpha / (alpha + beta);
}

/**
 * A draw from Gamma(shape, 1) by Marsaglia and Tsang's squeeze method ("A simple method for generating
 * gamma variables", ACM TOMS 26(3), 2000): for shape ≥ 1 a transformed normal is accepted about 95–99 %
 * of the time; a shape below 1 is boosted to shape + 1 and scaled by U^(1/shape).
 */
export function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) {
    // 1 − U lies in (0, 1]: never a zero to the power 1/shape when it matters.
    return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    const xx = x * x;
    if (u < 1 - 0.0331 * xx * xx) return d * v;
    if (Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A standard normal draw (Box–Muller; the second value of the pair is not kept, as nothing here may hold state). */
function sampleNormal(random: () => number): number {
  const radius = Math.sqrt(-2 * Math.log(1 - random()));
  return radius * Math.cos(2 * Math.PI * random());
}
