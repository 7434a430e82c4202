import { createSeededRandom } from '../simulator/create-seeded-random.js';
import type { RouterTrainingItem } from './train-router-model.js';

export interface SyntheticRouterItem extends RouterTrainingItem {
  /** Whether the prompt carries math (the rule: math prompts are the ones only the strong model solves). */
  readonly math: boolean;
}

const SUBJECTS = ['history', 'biology', 'economics', 'law', 'geography', 'music', 'chemistry', 'literature', 'philosophy', 'medicine'];
const NOUNS = ['treaty', 'cell', 'market', 'court', 'river', 'symphony', 'reaction', 'novel', 'argument', 'patient', 'empire', 'enzyme'];
const ADJECTIVES = ['early', 'famous', 'modern', 'central', 'rare', 'common', 'northern', 'classical', 'small', 'major'];
const OPERATORS = ['+', '-', '*', '/'];

/**
 * Synthetic training items with a learnable rule: prompts that carry math markers (equations,
 * operators, LaTeX) are the ones only the strong model answers (95% of them, 5% of the others).
 * Both kinds have similar lengths and both mention numbers, so length or digits alone do not give
 * the rule away. With `randomLabels` the outcomes ignore the prompt (a control with nothing to learn).
 */
export function syntheticRouterItems(count: number, seed: number, options: { randomLabels?: boolean } = {}): SyntheticRouterItem[] {
  const random = createSeededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const number = (): number => 1 + Math.floor(random() * 99);
  const items: SyntheticRouterItem[] = [];
  for (let index = 0; index < count; index++) {
    const math = random() < 0.5;
    const subject = pick(SUBJECTS);
    const context = `In ${subject}, the ${pick(ADJECTIVES)} ${pick(NOUNS)} of ${1700 + number()} is often discussed.`;
    const body = math
      ? pick([
          () => `Solve for x: ${number()}x ${pick(OPERATORS)} ${number()} = ${number()}.`,
          () => `Compute $\\frac{${number()}}{${number()}} ${pick(OPERATORS)} ${number()}^2$ and simplify.`,
          () => `If f(x) = ${number()}x^2 ${pick(OPERATORS)} ${number()}x, what is f(${number()})?`,
          () => `Evaluate \\sum_{k=1}^{${number()}} k ${pick(OPERATORS)} ${number()} exactly.`,
        ])()
      : pick([
          () => `Which ${pick(NOUNS)} is most closely associated with the ${pick(ADJECTIVES)} ${pick(NOUNS)}?`,
          () => `Describe why the ${pick(NOUNS)} mattered to ${subject} in about ${number()} words.`,
          () => `Who first wrote about the ${pick(ADJECTIVES)} ${pick(NOUNS)} and the ${pick(NOUNS)}?`,
          () => `Name the ${pick(ADJECTIVES)} ${pick(NOUNS)} that scholars of ${subject} cite most.`,
        ])();
    const prompt = `${context} ${body}\nA. ${pick(NOUNS)}\nB. ${pick(NOUNS)}\nC. ${pick(NOUNS)}\nD. ${pick(NOUNS)}\nAnswer:`;
    const positive = options.randomLabels === true ? random() < 0.5 : random() < (math ? 0.95 : 0.05);
    // A negative is a prompt both answer or both miss, so labels do not follow either model alone.
    const bothRight = random() < 0.5;
    items.push({ prompt, strong: positive || bothRight ? 1 : 0, weak: positive ? 0 : bothRight ? 1 : 0, math });
  }
  return items;
}
