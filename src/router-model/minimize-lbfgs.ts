/** Writes the gradient at `point` into `gradient` and returns the objective's value there. */
export type Objective = (point: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIterations: number;
  /** Converged when the largest gradient component is at most this. */
  readonly gradientTolerance: number;
  /** Converged when an iteration lowers the value by at most this, relative to the value. */
  readonly valueTolerance?: number;
  /** How many past steps approximate the inverse Hessian. */
  readonly memory?: number;
}

export interface LbfgsResult {
  readonly point: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 50;

/**
 * Unconstrained L-BFGS (Nocedal & Wright, Numerical Optimization, algorithm 7.4 and 7.5) with a
 * backtracking Armijo line search. Meant for smooth convex objectives (an L2-regularised log-loss):
 * a curvature pair that is not positive is skipped, a non-descent direction resets the memory.
 * Deterministic: no randomness, and every sum runs in index order.
 */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const size = start.length;
  const memory = options.memory ?? 10;
  const valueTolerance = options.valueTolerance ?? 1e-12;
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const inverseCurvatures: number[] = [];
  const alphas = new Float64Array(memory);

  let point = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = objective(point, gradient);
  let candidate = new Float64Array(size);
  let candidateGradient = new Float64Array(size);
  const direction = new Float64Array(size);

  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (largestMagnitude(gradient) <= options.gradientTolerance) return { point, value, iterations: iteration, converged: true };

    // Two-loop recursion: direction = −H·gradient.
    for (let index = 0; index < size; index++) direction[index] = -gradient[index]!;
    for (let pair = steps.length - 1; pair >= 0; pair--) {
      const alpha = inverseCurvatures[pair]! * dot(steps[pair]!, direction);
      alphas[pair] = alpha;
      addScaled(direction, gradientChanges[pair]!, -alpha);
    }
    const latest = steps.length - 1;
    const initialScale =
      latest >= 0 ? 1 / (inverseCurvatures[latest]! * dot(gradientChanges[latest]!, gradientChanges[latest]!)) : 1 / Math.max(1, norm(gradient));
    for (let index = 0; index < size; index++) direction[index]! *= initialScale;
    for (let pair = 0; pair < steps.length; pair++) {
      const beta = inverseCurvatures[pair]! * dot(gradientChanges[pair]!, direction);
      addScaled(direction, steps[pair]!, alphas[pair]! - beta);
    }

    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      steps.length = 0;
      gradientChanges.length = 0;
      inverseCurvatures.length = 0;
      const scale = 1 / Math.max(1, norm(gradient));
      for (let index = 0; index < size; index++) direction[index] = -gradient[index]! * scale;
      slope = dot(gradient, direction);
    }

    let stepLength = 1;
    let candidateValue = Number.POSITIVE_INFINITY;
    for (let halving = 0; halving <= MAX_HALVINGS; halving++) {
      for (let index = 0; index < size; index++) candidate[index] = point[index]! + stepLength * direction[index]!;
      candidateValue = objective(candidate, candidateGradient);
      if (candidateValue <= value + ARMIJO * stepLength * slope) break;
      stepLength /= 2;
    }
    // No step along a descent direction lowers the value: at the limit of floating point.
    if (!(candidateValue <= value)) return { point, value, iterations: iteration, converged: true };

    const step = new Float64Array(size);
    const gradientChange = new Float64Array(size);
    for (let index = 0; index < size; index++) {
      step[index] = candidate[index]! - point[index]!;
      gradientChange[index] = candidateGradient[index]! - gradient[index]!;
    }
    const curvature = dot(step, gradientChange);
    if (curvature > 1e-12 * dot(gradientChange, gradientChange)) {
      if (steps.length === memory) {
        steps.shift();
        gradientChanges.shift();
        inverseCurvatures.shift();
      }
      steps.push(step);
      gradientChanges.push(gradientChange);
      inverseCurvatures.push(1 / curvature);
    }

    const decrease = value - candidateValue;
    [point, candidate] = [candidate, point];
    [gradient, candidateGradient] = [candidateGradient, gradient];
    value = candidateValue;
    if (decrease <= valueTolerance * Math.max(1, Math.abs(value))) return { point, value, iterations: iteration + 1, converged: true };
  }
  return { point, value, iterations: options.maxIterations, converged: largestMagnitude(gradient) <= options.gradientTolerance };
}

function dot(left: Float64Array, right: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index]! * right[index]!;
  return sum;
}

function norm(vector: Float64Array): number {
  return Math.sqrt(dot(vector, vector));
}

function largestMagnitude(vector: Float64Array): number {
  let largest = 0;
  for (let index = 0; index < vector.length; index++) largest = Math.max(largest, Math.abs(vector[index]!));
  return largest;
}

function addScaled(target: Float64Array, source: Float64Array, scale: number): void {
  for (let index = 0; index < target.length; index++) target[index]! += scale * source[index]!;
}
