import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { loadRoutellmMmlu } from '../../router-eval/load-routellm-mmlu.js';
import { seededSplit } from '../../router-eval/seeded-split.js';
import type { RouterTrainingItem } from '../../router-model/train-router-model.js';
import { RouterCliError } from './router-cli-error.js';

const trainingLineSchema = z.object({ prompt: z.string(), strong: z.number(), weak: z.number() });

export interface TrainingItems {
  readonly items: RouterTrainingItem[];
  /** Where they came from, for the command's one line. */
  readonly source: string;
}

/**
 * What `router train --data` names: a RouteLLM-layout folder, of which protocol B's training set for
 * `seed` is used (the seeded `trainSize` MMLU prompts `router eval` trains on), or a JSON-lines file of
 * `{"prompt", "strong", "weak"}`, all of whose lines train.
 */
export function readTrainingItems(data: string, options: { seed: number; trainSize: number }): TrainingItems {
  if (!existsSync(data)) throw new RouterCliError(`--data: ${data} does not exist (give a RouteLLM-layout folder or a .jsonl file)`);
  if (statSync(data).isDirectory()) {
    const items = loadFolder(data);
    if (options.trainSize >= items.length) {
      throw new RouterCliError(`--train-size ${options.trainSize} leaves no test prompts: ${data} has ${items.length} MMLU prompts`);
    }
    const { train } = seededSplit(items, options.trainSize, options.seed);
    return { items: train, source: `${train.length} of ${items.length} MMLU prompts (seed ${options.seed})` };
  }
  return { items: readTrainingLines(data), source: data };
}

/** The decontaminated MMLU prompts of a RouteLLM-layout folder, with loader failures as one-line errors. */
export function loadFolder(directory: string): ReturnType<typeof loadRoutellmMmlu> {
  try {
    return loadRoutellmMmlu(directory);
  } catch (error) {
    throw new RouterCliError(`--data ${directory} is not a RouteLLM-layout folder (see docs/learned-routing.md): ${(error as Error).message}`);
  }
}

function readTrainingLines(file: string): RouterTrainingItem[] {
  const items: RouterTrainingItem[] = [];
  for (const [index, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    const where = `${file}, line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new RouterCliError(`${where}: not JSON (${(error as Error).message})`);
    }
    const parsed = trainingLineSchema.safeParse(value);
    if (!parsed.success) {
      throw new RouterCliError(`${where}: expected {"prompt": string, "strong": number, "weak": number}`);
    }
    const { prompt, strong, weak } = parsed.data;
    items.push({ prompt, strong, weak });
  }
  if (items.length === 0) throw new RouterCliError(`${file} has no training lines`);
  return items;
}
