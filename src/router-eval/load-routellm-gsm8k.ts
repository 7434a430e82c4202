import { join } from 'node:path';
import { readContaminatedPrompts } from './read-contaminated-prompts.js';
import { readRoutellmCsvItems } from './read-routellm-csv-items.js';
import type { RoutellmItem } from './routellm-item.js';

/** GSM8K from `<directory>/gsm8k/gsm8k_responses.csv`; the models' full responses are not kept. */
export function loadRoutellmGsm8k(directory: string): RoutellmItem[] {
  const contaminated = readContaminatedPrompts(join(directory, 'gsm8k', 'contaminated_prompts.jsonl'));
  return readRoutellmCsvItems(join(directory, 'gsm8k', 'gsm8k_responses.csv'), contaminated);
}
