import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routellmModels } from '../../router-eval/routellm-models.js';
import { syntheticRouterItems } from '../../router-model/synthetic-router-items.js';

/** Prompt of the MMLU row the fixture lists as contaminated: it must not appear in any split. */
export const CONTAMINATED_MMLU_PROMPT = 'Contaminated "twin"\nof a training prompt?\nAnswer:';

const SUBJECTS = ['algebra', 'history', 'virology'];

/**
 * Writes a small folder in the layout of RouteLLM's evaluation data (README of ../shared/eval-data/routellm)
 * for the CLI tests: `mmluPrompts` MMLU rows over three subject CSVs (multi-line prompts, some with
 * quotes, the learnable math rule of `syntheticRouterItems`), one contaminated MMLU row, 40 GSM8K rows
 * with response columns, and 10 two-turn MT-Bench questions with judge scores for both models.
 */
export function writeSyntheticRoutellmFolder(directory: string, mmluPrompts = 1800): void {
  mkdirSync(join(directory, 'mmlu', 'responses'), { recursive: true });
  mkdirSync(join(directory, 'gsm8k'), { recursive: true });
  mkdirSync(join(directory, 'mt_bench'), { recursive: true });
  const header = `prompt,${routellmModels.weak},${routellmModels.strong}`;
  const csvField = (text: string): string => `"${text.replaceAll('"', '""')}"`;
  const bool = (value: number): string => (value > 0 ? 'True' : 'False');

  const mmlu = syntheticRouterItems(mmluPrompts, 11).map((item, index) =>
    index % 7 === 0 ? { ...item, prompt: item.prompt.replace('Answer:', '"Pick one" of the above.\nAnswer:') } : item,
  );
  SUBJECTS.forEach((subject, subjectIndex) => {
    const rows = mmlu.filter((_, index) => index % SUBJECTS.length === subjectIndex);
    const extra = subjectIndex === 0 ? [`${csvField(CONTAMINATED_MMLU_PROMPT)},False,True`] : [];
    const lines = [...rows.map((item) => `${csvField(item.prompt)},${bool(item.weak)},${bool(item.strong)}`), ...extra];
    writeFileSync(join(directory, 'mmlu', 'responses', `mmlu_${subject}.csv`), `${header}\n${lines.join('\n')}\n`);
  });
  const jsonLines = (rows: readonly object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  writeFileSync(
    join(directory, 'mmlu', 'contaminated_prompts.jsonl'),
    jsonLines([{ train_prompt: 'elsewhere', eval_prompt: CONTAMINATED_MMLU_PROMPT, train_idx: 0, eval_idx: 0 }]),
  );

  const gsm8k = syntheticRouterItems(40, 12);
  writeFileSync(
    join(directory, 'gsm8k', 'gsm8k_responses.csv'),
    `${header},${routellmModels.weak}_response,${routellmModels.strong}_response\n` +
      gsm8k.map((item) => `${csvField(item.prompt)},${bool(item.weak)},${bool(item.strong)},"It is\n#### 1","It is\n#### 2"`).join('\n') +
      '\n',
  );
  writeFileSync(join(directory, 'gsm8k', 'contaminated_prompts.jsonl'), jsonLines([{ train_prompt: 'x', eval_prompt: 'not here', train_idx: 0, eval_idx: 0 }]));

  const questions = syntheticRouterItems(10, 13).map((item, index) => ({
    question_id: 81 + index,
    category: item.math ? 'math' : 'writing',
    turns: [item.prompt, 'Now explain your answer.'],
  }));
  writeFileSync(join(directory, 'mt_bench', 'question.jsonl'), jsonLines(questions));
  writeFileSync(
    join(directory, 'mt_bench', 'judgements.jsonl'),
    jsonLines(
      questions.flatMap((question, index) =>
        [1, 2].flatMap((turn) => [
          { question_id: question.question_id, model: routellmModels.strong, judge: ['gpt-4', 'single-v1'], turn, score: 9 + (index % 2) },
          { question_id: question.question_id, model: routellmModels.weak, judge: ['gpt-4', 'single-v1'], turn, score: 3 + ((index * turn) % 7) },
        ]),
      ),
    ),
  );
  writeFileSync(join(directory, 'mt_bench', 'contaminated_prompts.jsonl'), jsonLines([{ train_prompt: 'x', eval_prompt: 'not here', train_idx: 0, eval_idx: 0 }]));
}
