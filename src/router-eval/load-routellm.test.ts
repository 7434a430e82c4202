import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRoutellm } from './load-routellm.js';
import { promptId } from './prompt-id.js';
import type { RoutellmItem } from './routellm-item.js';


const header = 'prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview';
const jsonLines = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

function writeFixture(directory: string): void {
  mkdirSync(join(directory, 'mmlu', 'responses'), { recursive: true });
  mkdirSync(join(directory, 'gsm8k'));
  mkdirSync(join(directory, 'mt_bench'));
  // Columns as in the real files: weak first, then strong.
  writeFileSync(
    join(directory, 'mmlu', 'responses', 'mmlu_zoology.csv'),
    `${header}\n"A ""quoted"", multi-line\nquestion\nAnswer:",False,True\nDropped?,True,True\n`,
  );
  writeFileSync(join(directory, 'mmlu', 'responses', 'mmlu_anatomy.csv'), `${header}\nKept,True,False\n`);
  writeFileSync(join(directory, 'mmlu', 'responses', 'notes.txt'), 'not a subject');
  // Matching is on eval_prompt only: train_prompt "Kept" must not drop the anatomy prompt.
  writeFileSync(
    join(directory, 'mmlu', 'contaminated_prompts.jsonl'),
    jsonLines([{ train_prompt: 'Kept', eval_prompt: 'Dropped?', train_idx: 1, eval_idx: 2 }]),
  );
  writeFileSync(
    join(directory, 'gsm8k', 'gsm8k_responses.csv'),
    `${header},mistralai/Mixtral-8x7B-Instruct-v0.1_response,gpt-4-1106-preview_response\n` +
      `Two plus two?,False,True,"It is\n5","It is\n#### 4"\nContaminated sum,True,True,a,b\n`,
  );
  writeFileSync(
    join(directory, 'gsm8k', 'contaminated_prompts.jsonl'),
    jsonLines([{ train_prompt: 'x', eval_prompt: 'Contaminated sum', train_idx: 0, eval_idx: 1 }]),
  );
  writeFileSync(
    join(directory, 'mt_bench', 'question.jsonl'),
    jsonLines([
      { question_id: 1, category: 'writing', turns: ['Write a poem.', 'Now shorter.'] },
      { question_id: 2, category: 'math', turns: ['Add 2 and 2.', 'Contaminated second turn'] },
    ]),
  );
  const judgement = (questionId: number, model: string, turn: number, score: number) => ({
    question_id: questionId,
    model,
    judge: ['gpt-4', turn === 1 ? 'single-v1' : 'single-v1-multi-turn'],
    turn,
    score,
  });
  writeFileSync(
    join(directory, 'mt_bench', 'judgements.jsonl'),
    jsonLines([
      judgement(1, 'gpt-4-1106-preview', 1, 10),
      judgement(1, 'gpt-4-1106-preview', 2, 9),
      judgement(1, 'mistralai/Mixtral-8x7B-Instruct-v0.1', 1, 8),
      judgement(1, 'mistralai/Mixtral-8x7B-Instruct-v0.1', 2, 3),
      judgement(1, 'some-other-model', 1, 1),
      judgement(2, 'gpt-4-1106-preview', 1, 10),
      judgement(2, 'mistralai/Mixtral-8x7B-Instruct-v0.1', 1, 10),
    ]),
  );
  writeFileSync(
    join(directory, 'mt_bench', 'contaminated_prompts.jsonl'),
    jsonLines([{ train_prompt: 'x', eval_prompt: 'Contaminated second turn', train_idx: 0, eval_idx: 1 }]),
  );
}

test('loads a small folder in the real layout: quoted multi-line CSV fields, decontamination, MT-Bench turns', (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'routellm-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFixture(directory);
  const data = loadRoutellm(directory);
  const item = (prompt: string, strong: number, weak: number, subject?: string): RoutellmItem =>
    subject === undefined ? { id: promptId(prompt), prompt, strong, weak } : { id: promptId(prompt), prompt, strong, weak, subject };
  assert.deepEqual(data.mmlu, [
    item('Kept', 0, 1, 'anatomy'),
    item('A "quoted", multi-line\nquestion\nAnswer:', 1, 0, 'zoology'),
  ]);
  assert.deepEqual(data.gsm8k, [item('Two plus two?', 1, 0)]);
  // Question 2 is dropped for its contaminated second turn; question 1's outcome is its turn mean.
  assert.deepEqual(data.mt_bench, [item('Write a poem.', 9.5, 5.5, 'writing')]);
});

test('a correctness cell other than True or False is an error, not a silent 0', (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'routellm-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  writeFixture(directory);
  writeFileSync(join(directory, 'mmlu', 'responses', 'mmlu_anatomy.csv'), `${header}\nKept,maybe,False\n`);
  assert.throws(() => loadRoutellm(directory), /mmlu_anatomy\.csv, record 1: expected True or False, got "maybe"/);
});

test('promptId is the first 16 hex characters of the SHA-256 of the UTF-8 prompt', () => {
  assert.equal(promptId('abc'), 'ba7816bf8f01cfea');
  assert.equal(promptId(''), 'e3b0c44298fc1c14');
  assert.equal(promptId('é'), promptId('\u00e9'));
  assert.notEqual(promptId('é'), promptId('e\u0301'));
});
