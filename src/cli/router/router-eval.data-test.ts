import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RouterEvaluationReport } from './router-evaluation-report.js';
import { runRouterCommand } from './run-router-command.js';
import { routellmDataDirectory } from '../../router-eval/routellm-data-directory.js';

// RouteLLM's public evaluation data, beside the repository (never copied into it); missing data fails the test.
const DATA = routellmDataDirectory();

test('protocol B on the real data, seed 0: finite metrics for the router and every baseline, the oracle above random', () => {
  let out = '';
  let err = '';
  const code = runRouterCommand(['eval', '--data', DATA, '--protocol', 'B', '--seeds', '0', '--resamples', '100', '--json'], {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
  });
  assert.equal(code, 0, err);
  const report = JSON.parse(out) as RouterEvaluationReport;
  const mmlu = report.benchmarks.mmlu!;
  assert.ok(mmlu.testPrompts > 12_000, `${mmlu.testPrompts} test prompts`);
  for (const scorer of ['router', 'random', 'prompt_length', 'oracle'] as const) {
    for (const metric of ['apgr', 'cpt50', 'cpt80'] as const) {
      const figures = mmlu[scorer][metric];
      for (const value of [figures.mean, ...figures.perSeed, ...figures.interval]) {
        assert.ok(typeof value === 'number' && value >= 0 && value <= 1.5, `${scorer} ${metric}: ${value}`);
      }
    }
  }
  assert.ok(mmlu.oracle.apgr.mean! > mmlu.random.apgr.mean!);
  assert.ok(mmlu.oracle.cpt50.mean! < mmlu.random.cpt50.mean!);
});
