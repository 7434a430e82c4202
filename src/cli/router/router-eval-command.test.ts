import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after, test } from 'node:test';
import { loadRoutellm } from '../../router-eval/load-routellm.js';
import { seededSplit } from '../../router-eval/seeded-split.js';
import type { RouterEvaluationReport, ScorerReport } from './router-evaluation-report.js';
import { runRouterCommand } from './run-router-command.js';
import { CONTAMINATED_MMLU_PROMPT, writeSyntheticRoutellmFolder } from './synthetic-routellm-folder.js';

let directory: string;
let data: string;

before(() => {
  directory = mkdtempSync(join(tmpdir(), 'skyroute-router-eval-'));
  data = join(directory, 'routellm');
  writeSyntheticRoutellmFolder(data, 1800);
});
after(() => rmSync(directory, { recursive: true, force: true }));

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runRouterCommand(args, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

function succeeded(args: string[]): string {
  const result = run(args);
  assert.equal(result.code, 0, result.err);
  assert.equal(result.err, '');
  return result.out;
}

interface ScoreLine {
  benchmark: string;
  seed: number;
  id: string;
  score: number;
}

const readScoreLines = (file: string): ScoreLine[] =>
  readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ScoreLine);

function assertScorerShape(report: ScorerReport, seeds: number, where: string): void {
  for (const name of ['apgr', 'cpt50', 'cpt80'] as const) {
    const metric = report[name];
    assert.deepEqual(Object.keys(metric).sort(), ['interval', 'max', 'mean', 'min', 'perSeed', 'perSeedIntervals'], `${where}.${name}`);
    assert.equal(metric.perSeed.length, seeds);
    assert.equal(metric.perSeedIntervals.length, seeds);
    assert.equal(metric.interval.length, 2);
    for (const value of [metric.mean, metric.min, metric.max, ...metric.perSeed, ...metric.interval]) {
      assert.ok(typeof value === 'number' && Number.isFinite(value), `${where}.${name}: ${value}`);
    }
    // Tolerance: the mean of equal values can differ from them in the last bit.
    assert.ok(metric.min! - 1e-12 <= metric.mean! && metric.mean! <= metric.max! + 1e-12, `${where}.${name} mean within its spread`);
    const mean = metric.perSeed.reduce((sum: number, value) => sum + value!, 0) / seeds;
    assert.ok(Math.abs(mean - metric.mean!) < 1e-12);
  }
  for (const name of ['strongShare', 'costPerCall', 'savings'] as const) assert.equal(report.cost95[name].perSeed.length, seeds, `${where}.cost95.${name}`);
}

test('protocol B --json: one object with every scorer\'s metrics per seed, and scores-out has one line per test prompt per seed', () => {
  const scoresOut = join(directory, 'scores-b.jsonl');
  const report = JSON.parse(
    succeeded(['eval', '--data', data, '--protocol', 'B', '--seeds', '0,1', '--resamples', '50', '--json', '--scores-out', scoresOut]),
  ) as RouterEvaluationReport;
  assert.equal(report.protocol, 'B');
  assert.deepEqual(report.seeds, [0, 1]);
  assert.equal(report.trainSize, 1500);
  assert.equal(report.resamples, 50);
  assert.ok(report.prices.strong > report.prices.weak && report.prices.weak > 0);
  assert.deepEqual(Object.keys(report.benchmarks), ['mmlu']);
  const mmlu = report.benchmarks.mmlu!;
  assert.equal(mmlu.testPrompts, 300, '1,800 prompts (the contaminated one dropped) less 1,500 to train on');
  for (const scorer of ['router', 'random', 'prompt_length', 'oracle'] as const) assertScorerShape(mmlu[scorer], 2, `mmlu.${scorer}`);
  // The synthetic rule (math prompts are the ones only the strong model solves) is learnable from
  // words alone, so the router must beat random; the oracle beats both by construction.
  assert.ok(mmlu.oracle.apgr.mean! > mmlu.router.apgr.mean!);
  assert.ok(mmlu.router.apgr.mean! > mmlu.random.apgr.mean! + 0.1, `router ${mmlu.router.apgr.mean}, random ${mmlu.random.apgr.mean}`);
  assert.ok(mmlu.oracle.cpt80.mean! < mmlu.random.cpt80.mean!);

  const lines = readScoreLines(scoresOut);
  assert.equal(lines.length, 2 * 300);
  const items = loadRoutellm(data).mmlu;
  for (const seed of [0, 1]) {
    const expected = seededSplit(items, 1500, seed).test.map((item) => item.id);
    const written = lines.filter((line) => line.seed === seed);
    assert.deepEqual(written.map((line) => line.id), expected, `seed ${seed}: the test prompts, in data order`);
    assert.ok(written.every((line) => line.benchmark === 'mmlu' && line.score > 0 && line.score < 1));
    assert.ok(written.every((line) => /^[0-9a-f]{16}$/.test(line.id)));
  }
  const contaminated = items.find((item) => item.prompt === CONTAMINATED_MMLU_PROMPT);
  assert.equal(contaminated, undefined);
});

test('the same seeds give the same output, byte for byte, JSON, scores and table alike', () => {
  const first = join(directory, 'first.jsonl');
  const second = join(directory, 'second.jsonl');
  const args = ['eval', '--data', data, '--protocol', 'B', '--seeds', '2', '--resamples', '30'];
  const json = succeeded([...args, '--json', '--scores-out', first]);
  assert.equal(succeeded([...args, '--json', '--scores-out', second]), json);
  assert.equal(readFileSync(second, 'utf8'), readFileSync(first, 'utf8'));
  assert.equal(succeeded(args), succeeded(args));
  const otherSeed = JSON.parse(succeeded(['eval', '--data', data, '--protocol', 'B', '--seeds', '3', '--resamples', '30', '--json'])) as RouterEvaluationReport;
  assert.notDeepEqual(otherSeed.benchmarks.mmlu!.router.apgr.perSeed, (JSON.parse(json) as RouterEvaluationReport).benchmarks.mmlu!.router.apgr.perSeed);
});

test('protocol C tests each seed\'s MMLU-trained router on every GSM8K and MT-Bench prompt', () => {
  const scoresOut = join(directory, 'scores-c.jsonl');
  const report = JSON.parse(
    succeeded(['eval', '--data', data, '--protocol', 'c', '--seeds', '0-2', '--resamples', '40', '--json', '--scores-out', scoresOut]),
  ) as RouterEvaluationReport;
  assert.equal(report.protocol, 'C');
  assert.deepEqual(report.seeds, [0, 1, 2]);
  assert.deepEqual(Object.keys(report.benchmarks), ['gsm8k', 'mt_bench']);
  assert.equal(report.benchmarks.gsm8k!.testPrompts, 40);
  assert.equal(report.benchmarks.mt_bench!.testPrompts, 10);
  for (const benchmark of ['gsm8k', 'mt_bench'] as const) {
    for (const scorer of ['router', 'random', 'prompt_length', 'oracle'] as const) {
      assertScorerShape(report.benchmarks[benchmark]![scorer], 3, `${benchmark}.${scorer}`);
    }
  }
  const lines = readScoreLines(scoresOut);
  const data_ = loadRoutellm(data);
  for (const seed of [0, 1, 2]) {
    assert.deepEqual(
      lines.filter((line) => line.seed === seed && line.benchmark === 'gsm8k').map((line) => line.id),
      data_.gsm8k.map((item) => item.id),
    );
    assert.deepEqual(
      lines.filter((line) => line.seed === seed && line.benchmark === 'mt_bench').map((line) => line.id),
      data_.mt_bench.map((item) => item.id),
    );
  }
  assert.equal(lines.length, 3 * 50);
});

test('the table names each benchmark and shows the router beside the three baselines, with intervals and per-seed rows', () => {
  const table = succeeded(['eval', '--data', data, '--protocol', 'C', '--seeds', '0,1', '--resamples', '20']);
  assert.match(table, /^Protocol C: router trained on 1500 seeded MMLU prompts per seed \(seeds 0, 1\)/);
  assert.match(table, /\nGSM8K \(40 test prompts per seed\)\n +APGR +CPT\(50%\) +CPT\(80%\) +strong share @95% +cost\/call @95%\n/);
  assert.match(table, /\nMT-Bench \(10 test prompts per seed\)\n/);
  for (const scorer of ['router', 'random', 'prompt_length', 'oracle']) {
    assert.match(table, new RegExp(`\\n${scorer} +-?\\d\\.\\d{3} \\[-?\\d\\.\\d{3}, -?\\d\\.\\d{3}\\] \\{-?\\d\\.\\d{3}–-?\\d\\.\\d{3}\\} +[\\d.]+% \\[`));
    assert.match(table, new RegExp(`\\n {2}${scorer} seed 1 `));
  }
});

test('eval explains what is wrong: protocol, seeds, folder, resamples', () => {
  const failure = (args: string[]): string => {
    const result = run(['eval', ...args]);
    assert.equal(result.code, 1, `${args.join(' ')} should fail`);
    assert.equal(result.out, '');
    return result.err;
  };
  assert.match(failure(['--data', data]), /^skyroute router: --protocol is required; use B .* or C /);
  assert.match(failure(['--data', data, '--protocol', 'A']), /--protocol: "A" is not a protocol/);
  assert.match(failure(['--data', data, '--protocol', 'B', '--seeds', '4-1']), /--seeds: the range "4-1" runs backwards/);
  assert.match(failure(['--data', data, '--protocol', 'B', '--seeds', 'all']), /--seeds: "all" is not a seed list/);
  assert.match(failure(['--data', data, '--protocol', 'B', '--seeds', '0,0']), /seed 0 is given twice/);
  assert.match(failure(['--data', data, '--protocol', 'B', '--resamples', '0']), /--resamples: "0" is not a whole number ≥ 1/);
  assert.match(failure(['--data', join(directory, 'nowhere'), '--protocol', 'B']), /--data: .*nowhere is not a folder/);
  assert.match(failure(['--data', directory, '--protocol', 'B']), /is not a RouteLLM-layout folder .*mmlu/);
  assert.match(failure(['--data', data, '--protocol', 'B', '--scores-out', join(directory, 'no', 'such', 'file')]), /--scores-out .*ENOENT/);
  assert.match(failure(['--protocol', 'B']), /--data is required\nUsage: skyroute router eval/);
});
