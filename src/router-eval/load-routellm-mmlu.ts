import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readContaminatedPrompts } from './read-contaminated-prompts.js';
import { readRoutellmCsvItems } from './read-routellm-csv-items.js';
import type { RoutellmItem } from './routellm-item.js';

const subjectFilePattern = /^mmlu_(.+)\.csv$/;

/**
 * MMLU from `<directory>/mmlu/responses/mmlu_<subject>.csv`, subjects in file-name order (RouteLLM
 * concatenates them in the order of its `ALL_MMLU_DOMAINS`; only the bootstrap's resampling sees the order).
 * Duplicate prompts are kept, as RouteLLM keeps them: the published counts include them.
 */
export function loadRoutellmMmlu(directory: string): RoutellmItem[] {
  const contaminated = readContaminatedPrompts(join(directory, 'mmlu', 'contaminated_prompts.jsonl'));
  const responses = join(directory, 'mmlu', 'responses');
  const files = readdirSync(responses)
    .filter((name) => subjectFilePattern.test(name))
    .sort();
  if (files.length === 0) throw new Error(`${responses}: no mmlu_<subject>.csv files`);
  return files.flatMap((name) =>
    readRoutellmCsvItems(join(responses, name), contaminated, subjectFilePattern.exec(name)?.[1]),
  );
}
