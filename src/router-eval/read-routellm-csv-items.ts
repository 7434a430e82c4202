import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { promptId } from './prompt-id.js';
import type { RoutellmItem } from './routellm-item.js';
import { routellmModels } from './routellm-models.js';

/**
 * Reads a RouteLLM responses CSV (MMLU subject or GSM8K): column `prompt` plus one True/False
 * correctness column per model, named after the model. Prompts in `contaminated` are dropped.
 */
export function readRoutellmCsvItems(
  file: string,
  contaminated: ReadonlySet<string>,
  subject?: string,
): RoutellmItem[] {
  const records = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string | undefined
  >[];
  const items: RoutellmItem[] = [];
  for (const [index, record] of records.entries()) {
    const where = `${file}, record ${index + 1}`;
    const prompt = record.prompt;
    if (prompt === undefined) throw new Error(`${where}: no prompt column`);
    if (contaminated.has(prompt)) continue;
    const strong = readCorrectness(record[routellmModels.strong], where);
    const weak = readCorrectness(record[routellmModels.weak], where);
    items.push({ id: promptId(prompt), prompt, strong, weak, ...(subject === undefined ? {} : { subject }) });
  }
  return items;
}

// pandas reads these columns as booleans; anything else would be NaN there and a silent 0 here.
function readCorrectness(value: string | undefined, where: string): number {
  if (value === 'True') return 1;
  if (value === 'False') return 0;
  throw new Error(`${where}: expected True or False, got ${JSON.stringify(value)}`);
}
