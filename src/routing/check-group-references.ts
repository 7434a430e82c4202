import type { Config } from '../config/config-schema.js';
import type { StrategyConfig } from '../config/routing-config-schema.js';
import { ConfigError } from '../config/config-error.js';
import { checkLlmClassifiers } from './classify/check-llm-classifiers.js';
import type { ModelTable } from './model-table.js';
import { forEachSelectorTarget } from './strategies/for-each-selector-target.js';

/**
 * Every group a config names — fallbacks, rule, A/B, learned and llm targets, an llm classifier's model,
 * routing.auto.groups — must exist (and no llm classifier may route through an llm strategy itself),
 * so a typo stops the start (or the reload) instead of failing requests later.
 */
export function checkGroupReferences(config: Config, models: ModelTable): void {
  const problems: string[] = [];
  const check = (name: string, where: string): void => {
    if (models.resolve(name) === undefined) problems.push(`${where}: no model group or model "${name}"`);
  };
  const walk = (strategy: StrategyConfig | undefined, where: string): void => {
    if (strategy === undefined) return;
    if (strategy.type === 'llm') check(strategy.model, `${where}.model`);
    forEachSelectorTarget(strategy, where, (target) => {
      if (target.group !== undefined) check(target.group, target.groupPath);
      walk(target.strategy, target.strategyPath);
    });
  };
  config.models.forEach((group, index) => {
    group.fallbacks.forEach((name, position) => check(name, `models[${index}].fallbacks[${position}]`));
    walk(group.strategy, `models[${index}].strategy`);
  });
  walk(config.routing.default_strategy, 'routing.default_strategy');
  walk(config.routing.auto.strategy, 'routing.auto.strategy');
  for (const [index, name] of (config.routing.auto.groups ?? []).entries()) check(name, `routing.auto.groups[${index}]`);
  if (problems.length > 0) throw new ConfigError('The config names model groups that do not exist:', problems);
  checkLlmClassifiers(config, models);
}
