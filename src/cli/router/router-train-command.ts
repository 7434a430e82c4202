import { writeFileSync } from 'node:fs';
import { trainRouterModel } from '../../router-model/train-router-model.js';
import { parseCountFlag } from './parse-count-flag.js';
import { readTrainingItems } from './read-training-items.js';
import { parseRouterFlags } from './parse-router-flags.js';
import { RouterCliError } from './router-cli-error.js';
import type { RouterCommandIo } from './router-command-io.js';

export const ROUTER_TRAIN_USAGE = 'skyroute router train --data DIR|FILE.jsonl --out router.json [--seed N] [--train-size N] [--margin X]';

/**
 * `skyroute router train`: trains the learned router and writes `router.json` (pretty JSON). With a
 * RouteLLM-layout folder it trains on protocol B's training set for `--seed` (0): the seeded
 * `--train-size` (1,500) MMLU prompts; with a JSON-lines file, on every line. Without `--margin`
 * each training prompt votes with strong − weak; with it, with 1 when strong − weak > margin, else 0.
 */
export function routerTrainCommand(args: string[], io: RouterCommandIo): void {
  const { values } = parseRouterFlags(
    args,
    {
      data: { type: 'string' },
      out: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      'train-size': { type: 'string' },
      margin: { type: 'string' },
    },
    ROUTER_TRAIN_USAGE,
  );
  if (values.data === undefined) throw new RouterCliError(`--data is required\nUsage: ${ROUTER_TRAIN_USAGE}`);
  if (values.out === undefined) throw new RouterCliError(`--out is required\nUsage: ${ROUTER_TRAIN_USAGE}`);
  const seed = parseCountFlag('seed', values.seed, 0, 0);
  const trainSize = parseCountFlag('train-size', values['train-size'], 1500, 1);
  const margin = values.margin === undefined ? undefined : Number(values.margin);
  if (values.margin !== undefined && (values.margin.trim() === '' || !Number.isFinite(margin ?? Number.NaN))) {
    throw new RouterCliError(`--margin: "${values.margin}" is not a number`);
  }
  const { items, source } = readTrainingItems(values.data, { seed, trainSize });
  let model;
  try {
    model = trainRouterModel(items, { labelMargin: margin });
  } catch (error) {
    throw new RouterCliError(`${source}: ${(error as Error).message}`);
  }
  try {
    writeFileSync(values.out, `${JSON.stringify(model, null, 2)}\n`);
  } catch (error) {
    throw new RouterCliError(`--out ${values.out}: ${(error as Error).message}`);
  }
  const { examples, positives } = model.training;
  const target = positives === null ? `target strong − weak (mean ${model.meanTarget.toFixed(3)})` : `${positives} positive`;
  io.out(`trained on ${examples} examples from ${source}, ${target}; ${model.hashed.buckets.length} buckets kept; wrote ${values.out}\n`);
}
