import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../config/config-schema.js';
import { ConfigError } from '../../config/config-error.js';
import type { LearnedStrategyConfig, StrategyConfig } from '../../config/routing-config-schema.js';
import { compileRouterModel, type CompiledRouterModel } from '../../router-model/compile-router-model.js';
import { parseRouterModel } from '../../router-model/parse-router-model.js';
import type { RouterModel } from '../../router-model/router-model.js';
import { thresholdFromCalibration } from '../../router-model/threshold-from-calibration.js';
import { forEachSelectorTarget } from './for-each-selector-target.js';

/** A learned strategy's router, ready to score: compiled once per config version. */
export interface LearnedRouter {
  /** Absolute path of the `router.json` it came from. */
  path: string;
  model: CompiledRouterModel;
  /** Strong when score ≥ threshold: the config's `threshold`, or the one its `strong_share` gives. */
  threshold: number;
}

/** Each learned strategy config object of one config version, with its loaded router. */
export type LearnedRouters = ReadonlyMap<LearnedStrategyConfig, LearnedRouter>;

/**
 * Loads the router of every learned strategy in the config (groups, routing.default_strategy,
 * routing.auto.strategy, and targets nested in rules, A/B variants and learned strategies), paths
 * relative to `baseDirectory`. A file named by several strategies is read and compiled once. Every
 * problem — a missing file, bad JSON, an invalid model, `strong_share` without calibration — is
 * collected into one ConfigError that names the field and the file, so a start fails and a reload
 * keeps the previous config.
 */
export function loadLearnedRouters(config: Config, baseDirectory: string): LearnedRouters {
  const routers = new Map<LearnedStrategyConfig, LearnedRouter>();
  const files = new Map<string, { model: RouterModel; compiled?: CompiledRouterModel } | { problem: string }>();
  const problems: string[] = [];
  const load = (strategy: LearnedStrategyConfig, where: string): void => {
    const path = resolve(baseDirectory, strategy.router);
    let file = files.get(path);
    if (file === undefined) {
      file = readRouterFile(path);
      files.set(path, file);
    }
    if ('problem' in file) {
      problems.push(`${where}.router: ${file.problem}`);
      return;
    }
    let threshold = strategy.threshold;
    if (threshold === undefined) {
      const quantiles = file.model.calibration?.quantiles;
      if (quantiles === undefined) {
        problems.push(`${where}.strong_share: router ${path} has no calibration (it was trained before calibration was recorded); retrain it with \`skyroute router train\`, or set threshold instead`);
        return;
      }
      threshold = thresholdFromCalibration(quantiles, strategy.strong_share ?? 0);
    }
    file.compiled ??= compileRouterModel(file.model);
    routers.set(strategy, { path, model: file.compiled, threshold });
  };
  const walk = (strategy: StrategyConfig | undefined, where: string): void => {
    if (strategy === undefined) return;
    if (strategy.type === 'learned') {
      if (routers.has(strategy)) return;
      load(strategy, where);
    }
    forEachSelectorTarget(strategy, where, (target) => walk(target.strategy, target.strategyPath));
  };
  config.models.forEach((group, index) => walk(group.strategy, `models[${index}].strategy`));
  walk(config.routing.default_strategy, 'routing.default_strategy');
  walk(config.routing.auto.strategy, 'routing.auto.strategy');
  if (problems.length > 0) throw new ConfigError('The config names learned routers that cannot be loaded:', problems);
  return routers;
}

function readRouterFile(path: string): { model: RouterModel } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `router file ${path} does not exist` : `cannot read router file ${path}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `router file ${path} is not valid JSON: ${(error as Error).message}` };
  }
  try {
    return { model: parseRouterModel(json) };
  } catch (error) {
    return { problem: `router file ${path}: ${(error as Error).message}` };
  }
}
