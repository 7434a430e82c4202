import { z } from 'zod';
import { readJsonLines } from './read-json-lines.js';

const contaminatedPromptSchema = z.object({ eval_prompt: z.string() });

/**
 * The evaluation prompts RouteLLM drops: `eval_prompt` of each line of `contaminated_prompts.jsonl`,
 * compared by exact string equality as benchmarks.py does with `isin`. `train_prompt` is the
 * training-set twin that caused the overlap and is not what the evaluation data contains.
 */
export function readContaminatedPrompts(file: string): ReadonlySet<string> {
  return new Set(readJsonLines(file, contaminatedPromptSchema).map((row) => row.eval_prompt));
}
