import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { loadRoutellm } from '../../router-eval/load-routellm.js';
import { evaluateRouterProtocol, type ProtocolData } from './evaluate-router-protocol.js';
import { formatRouterEvaluation } from './format-router-evaluation.js';
import { parseCountFlag } from './parse-count-flag.js';
import { parseSeeds } from './parse-seeds.js';
import { loadFolder } from './read-training-items.js';
import { parseRouterFlags } from './parse-router-flags.js';
import { RouterCliError } from './router-cli-error.js';
import type { RouterCommandIo } from './router-command-io.js';

export const ROUTER_EVAL_USAGE =
  'skyroute router eval --data DIR --protocol B|C [--seeds 0-4 | 0,1,2] [--json] [--scores-out FILE] [--resamples N]';

/**
 * `skyroute router eval`: protocol B or C of RouteLLM's evaluation data (see evaluate-router-protocol.ts),
 * printed as tables or, with `--json`, as one `RouterEvaluationReport` object. `--scores-out` writes the
 * router's score of every test prompt of every seed as JSON lines `{"benchmark", "seed", "id", "score"}`.
 */
export function routerEvalCommand(args: string[], io: RouterCommandIo): void {
  const { values } = parseRouterFlags(
    args,
    {
      data: { type: 'string' },
      protocol: { type: 'string' },
      seeds: { type: 'string' },
      json: { type: 'boolean' },
      'scores-out': { type: 'string' },
      resamples: { type: 'string' },
    },
    ROUTER_EVAL_USAGE,
  );
  if (values.data === undefined) throw new RouterCliError(`--data is required\nUsage: ${ROUTER_EVAL_USAGE}`);
  const protocol = values.protocol?.toUpperCase();
  if (protocol !== 'B' && protocol !== 'C') {
    throw new RouterCliError(
      `${values.protocol === undefined ? '--protocol is required' : `--protocol: "${values.protocol}" is not a protocol`}; use B (MMLU, trained on 1,500 seeded prompts) or C (transfer to GSM8K and MT-Bench)`,
    );
  }
  const seeds = parseSeeds(values.seeds ?? '0-4');
  const resamples = parseCountFlag('resamples', values.resamples, 1000, 1);
  if (!existsSync(values.data) || !statSync(values.data).isDirectory()) {
    throw new RouterCliError(`--data: ${values.data} is not a folder (give RouteLLM's evaluation data, e.g. ../shared/eval-data/routellm)`);
  }
  const data = loadData(values.data, protocol);
  if (data.mmlu.length <= 1500) throw new RouterCliError(`--data ${values.data} has ${data.mmlu.length} MMLU prompts; protocol ${protocol} trains on 1,500 and needs more`);

  let scoresFile: number | undefined;
  if (values['scores-out'] !== undefined) {
    try {
      scoresFile = openSync(values['scores-out'], 'w');
    } catch (error) {
      throw new RouterCliError(`--scores-out ${values['scores-out']}: ${(error as Error).message}`);
    }
  }
  try {
    const report = evaluateRouterProtocol(data, {
      protocol,
      seeds,
      resamples,
      ...(scoresFile === undefined
        ? {}
        : {
            onScores: (benchmark, seed, items, scores) => {
              const lines = items.map((item, index) => JSON.stringify({ benchmark, seed, id: item.id, score: scores[index] }));
              writeSync(scoresFile, `${lines.join('\n')}\n`);
            },
          }),
    });
    io.out(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatRouterEvaluation(report));
  } finally {
    if (scoresFile !== undefined) closeSync(scoresFile);
  }
}

function loadData(directory: string, protocol: 'B' | 'C'): ProtocolData {
  if (protocol === 'B') return { mmlu: loadFolder(directory) };
  try {
    return loadRoutellm(directory);
  } catch (error) {
    throw new RouterCliError(`--data ${directory} is not a RouteLLM-layout folder (see docs/learned-routing.md): ${(error as Error).message}`);
  }
}
