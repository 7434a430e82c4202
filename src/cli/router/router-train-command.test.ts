import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadRoutellmMmlu } from '../../router-eval/load-routellm-mmlu.js';
import { seededSplit } from '../../router-eval/seeded-split.js';
import { parseRouterModel } from '../../router-model/parse-router-model.js';
import { trainRouterModel } from '../../router-model/train-router-model.js';
import { runRouterCommand } from './run-router-command.js';
import { writeSyntheticRoutellmFolder } from './synthetic-routellm-folder.js';

function temporaryDirectory(context: TestContext): string {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-router-train-'));
  context.after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runRouterCommand(args, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

test('train on a RouteLLM folder uses protocol B\'s training set for the seed and writes a loadable router.json', (context) => {
  const directory = temporaryDirectory(context);
  const data = join(directory, 'routellm');
  writeSyntheticRoutellmFolder(data, 600);
  const out = join(directory, 'router.json');
  const result = run(['train', '--data', data, '--out', out, '--seed', '3', '--train-size', '200']);
  assert.equal(result.code, 0, result.err);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /^\{\n {2}"format": "skyroute-router-model",/, 'pretty JSON');
  const model = parseRouterModel(JSON.parse(text));
  // The same training set, trained directly: the command adds nothing and drops nothing.
  const { train } = seededSplit(loadRoutellmMmlu(data), 200, 3);
  const expected = trainRouterModel(train);
  assert.deepEqual(model, JSON.parse(JSON.stringify(expected)));
  assert.equal(model.training.examples, 200);
  assert.equal(
    result.out,
    `trained on 200 examples from 200 of 600 MMLU prompts (seed 3), target strong − weak (mean ${expected.meanTarget.toFixed(3)}); ${expected.hashed.buckets.length} buckets kept; wrote ${out}\n`,
  );

  const otherSeed = join(directory, 'other.json');
  assert.equal(run(['train', '--data', data, '--out', otherSeed, '--seed', '4', '--train-size', '200']).code, 0);
  assert.notDeepEqual(JSON.parse(readFileSync(otherSeed, 'utf8')), model);
});

test('train on a JSON-lines file uses every line, and --margin sets the label', (context) => {
  const directory = temporaryDirectory(context);
  const file = join(directory, 'mine.jsonl');
  const lines = [
    { prompt: 'Prove that the sum of two even numbers is even.', strong: 9, weak: 4 },
    { prompt: 'Say hello.', strong: 9, weak: 9 },
    { prompt: 'Integrate x^2 from 0 to 3.', strong: 10, weak: 6 },
    { prompt: 'What colour is the sky?', strong: 8, weak: 7.5 },
  ];
  writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n\n`);
  const out = join(directory, 'router.json');
  const result = run(['train', '--data', file, '--out', out, '--margin', '1']);
  assert.equal(result.code, 0, result.err);
  const model = parseRouterModel(JSON.parse(readFileSync(out, 'utf8')));
  assert.equal(model.training.examples, 4);
  assert.equal(model.training.positives, 2, 'gaps 5 and 4 are over the margin of 1; 0 and 0.5 are not');
  assert.deepEqual(model.label, { margin: 1 });
  assert.match(result.out, /^trained on 4 examples from .*mine\.jsonl, 2 positive; \d+ buckets kept; wrote /);
});

test('train explains what is wrong: a bad JSON-lines line with its number, a missing folder, missing flags, one-class data', (context) => {
  const directory = temporaryDirectory(context);
  const out = join(directory, 'router.json');
  const file = join(directory, 'bad.jsonl');
  writeFileSync(file, '{"prompt": "a", "strong": 1, "weak": 0}\n\n{"prompt": "b", "strong": "yes", "weak": 0}\n');
  const badField = run(['train', '--data', file, '--out', out]);
  assert.equal(badField.code, 1);
  assert.equal(badField.err, `skyroute router: ${file}, line 3: expected {"prompt": string, "strong": number, "weak": number}\n`);

  writeFileSync(file, '{"prompt": "a", "strong": 1, "weak": 0}\n{"prompt": "b",\n');
  assert.match(run(['train', '--data', file, '--out', out]).err, /^skyroute router: .*bad\.jsonl, line 2: not JSON \(/);

  writeFileSync(file, '{"prompt": "a", "strong": 1, "weak": 0}\n{"prompt": "b", "strong": 1, "weak": 0}\n');
  assert.match(run(['train', '--data', file, '--out', out]).err, /cannot train a router from 2 items whose strong − weak gaps are all the same/);

  const missing = run(['train', '--data', join(directory, 'nowhere'), '--out', out]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^skyroute router: --data: .*nowhere does not exist/);

  const notRoutellm = run(['train', '--data', directory, '--out', out]);
  assert.match(notRoutellm.err, /^skyroute router: --data .* is not a RouteLLM-layout folder/);

  assert.match(run(['train', '--out', out]).err, /--data is required\nUsage: skyroute router train/);
  assert.match(run(['train', '--data', file]).err, /--out is required/);
  assert.match(run(['train', '--data', file, '--out', out, '--train-size', 'many']).err, /--train-size: "many" is not a whole number/);
  assert.match(run(['train', '--data', file, '--out', out, '--margin', 'wide']).err, /--margin: "wide" is not a number/);
  assert.match(run(['train', '--data', file, '--out', out, '--bogus']).err, /Unknown option '--bogus'/);
  assert.match(run(['fit']).err, /unknown subcommand "fit"/);
});

test('the skyroute command dispatches router and lists it in its help', async () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  const spawnCli = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env: { PATH: process.env.PATH, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  const failed = await spawnCli(['router', 'eval', '--protocol', 'B']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /^skyroute router: --data is required\n/);
  const help = await spawnCli(['--help']);
  assert.match(help.stdout, /skyroute router train --data/);
  assert.match(help.stdout, /skyroute router eval --data DIR --protocol B\|C/);
});
