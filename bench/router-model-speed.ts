// How long the learned router takes to score one prompt, by prompt size: µs per prompt, median of
// five timed rounds after a warm-up. N-grams are read from at most `scannedCharacters` (4,096 by
// default: the first and last 2,048 of a longer prompt), so the time stops growing past that; the
// "no cap" row shows what reading the whole prompt would cost. Usage: node --import tsx bench/router-model-speed.ts
import { compileRouterModel, type CompiledRouterModel } from '../src/router-model/compile-router-model.js';
import type { FeatureSettings } from '../src/router-model/feature-settings.js';
import { scoreRouterModel } from '../src/router-model/score-router-model.js';
import { syntheticRouterItems } from '../src/router-model/synthetic-router-items.js';
import { trainRouterModel } from '../src/router-model/train-router-model.js';

const SIZES = [200, 2_000, 8_000, 32_000];
const ROUNDS = 5;
const BUDGET_CHARACTERS_PER_ROUND = 4_000_000;

const CODE = 'function add(a, b) {\n  return a + b; // sum\n}\nconst total = items.reduce((sum, item) => add(sum, item.price), 0);\n';
const MATH = 'Let $f(x) = \\frac{3x^2 + 2}{x - 1}$. Compute f(4) and solve 2x + 7 = 19.\n';

function promptOfSize(size: number): string {
  const parts = syntheticRouterItems(64, 11).map((item) => item.prompt);
  let text = '';
  for (let index = 0; text.length < size; index++) text += `${parts[index % parts.length]}\n${index % 3 === 0 ? CODE : MATH}`;
  return text.slice(0, size);
}

function microsecondsPerPrompt(model: CompiledRouterModel, prompt: string): number {
  const iterations = Math.max(20, Math.floor(BUDGET_CHARACTERS_PER_ROUND / prompt.length));
  let sink = 0;
  for (let index = 0; index < iterations; index++) sink += scoreRouterModel(model, prompt);
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < iterations; index++) sink += scoreRouterModel(model, prompt);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  if (Number.isNaN(sink)) throw new Error('a score was NaN');
  return rounds.sort((left, right) => left - right)[Math.floor(ROUNDS / 2)]!;
}

const settings: Array<{ label: string; features: Partial<FeatureSettings> }> = [
  { label: 'words 1–2 + chars 2–4 (default)', features: {} },
  { label: 'words 1–2 only', features: { characterNgrams: null } },
  { label: 'default, no cap', features: { scannedCharacters: 1_000_000 } },
];
const training = syntheticRouterItems(1_500, 5);
console.log(`node ${process.version}; µs per prompt (median of ${ROUNDS} rounds)`);
console.log(['features'.padEnd(28), ...SIZES.map((size) => `${size} chars`.padStart(13))].join(''));
for (const { label, features } of settings) {
  const model = compileRouterModel(trainRouterModel(training, { features }));
  const cells = SIZES.map((size) => microsecondsPerPrompt(model, promptOfSize(size)).toFixed(1).padStart(13));
  console.log([label.padEnd(28), ...cells].join(''));
}
