import type { Config } from '../config/config-schema.js';
import type { StrategyConfig } from '../config/routing-config-schema.js';
import { ConfigError } from '../config/config-error.js';
import { checkLlmClassifiers } from './classify/check-llm-classifiers.js';
import type { ModelTable } from './model-table.js';

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
    if (strategy.type === 'rules') {
      strategy.rules.forEach((rule, index) => {
        if (rule.use.group !== undefined) check(rule.use.group, `${where}.rules[${index}].use.group`);
        walk(rule.use.strategy, `${where}.rules[${index}].use.strategy`);
      });
      walk(strategy.default, `${where}.default`);
    } else if (strategy.type === 'ab') {
      strategy.variants.forEach((variant, index) => {
        if (variant.group !== undefined) check(variant.group, `${where}.variants[${index}].group`);
        walk(variant.strategy, `${where}.variants[${index}].strategy`);
      });
    } else if (strategy.type === 'learned') {
      for (const side of ['strong', 'weak'] as const) {
        const target = strategy[side];
        if (target.group !== undefined) check(target.group, `${where}.${side}.group`);
        walk(target.strategy, `${where}.${side}.strategy`);
      }
    } else if (strategy.type === 'llm') {
      check(strategy.model, `${where}.model`);
      for (const [name, category] of Object.entries(strategy.categories)) {
        if (category.use.group !== undefined) check(category.use.group, `${where}.categories.${name}.use.group`);
        walk(category.use.strategy, `${where}.categories.${name}.use.strategy`);
      }
    }
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
