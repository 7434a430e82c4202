import assert from 'node:assert/strict';
import { test } from 'node:test';
import { areaUnderRoc } from './area-under-roc.js';
import { compileRouterModel } from './compile-router-model.js';
import { scoreRouterModel } from './score-router-model.js';
import { loadRoutellmMmlu } from '../router-eval/load-routellm-mmlu.js';
import { routellmDataDirectory } from '../router-eval/routellm-data-directory.js';
import { seededSplit } from '../router-eval/seeded-split.js';
import { trainRouterModel } from './train-router-model.js';

// RouteLLM's public evaluation data, beside the repository (never copied into it); missing data fails the test.
const DATA = routellmDataDirectory();
const TRAINING_PROMPTS = 1500;

test('on real MMLU outcomes, a router trained on 1,500 prompts ranks the held-out rest better than chance', (context) => {
  const items = loadRoutellmMmlu(DATA);
  assert.ok(items.length > 14_000, `${items.length} MMLU prompts after decontamination`);
  const { train, test: heldOut } = seededSplit(items, TRAINING_PROMPTS, 0);
  const model = trainRouterModel(train);
  const compiled = compileRouterModel(model);
  const labels = heldOut.map((item) => (item.strong > item.weak ? 1 : 0));
  const auc = areaUnderRoc(heldOut.map((item) => scoreRouterModel(compiled, item.prompt)), labels);
  const lengthAuc = areaUnderRoc(heldOut.map((item) => item.prompt.length), labels);
  const positives = labels.reduce((sum: number, label) => sum + label, 0);
  context.diagnostic(
    `held-out ${heldOut.length} prompts (${positives} positive): router AUC ${auc.toFixed(4)}, prompt-length AUC ${lengthAuc.toFixed(4)}; ` +
      `training: ${model.training.examples} prompts, mean strong − weak ${model.meanTarget.toFixed(4)}, ${model.hashed.buckets.length} buckets kept`,
  );
  // With ~2,100 positives and ~10,400 negatives held out, a router with no signal has AUC 0.5 ± 0.007
  // (one standard deviation), so 0.55 is seven of them above chance. The similarity router measured 0.590 on seed 0
  // (the logistic regression before it 0.616–0.625 over seeds 0–4: AUC on this 1/0 label is not APGR, which it beats);
  // this bound only says the router learned something, not that it is good.
  assert.ok(auc > 0.55, `held-out AUC ${auc}`);
});
