import type { Config } from '../../config/config-schema.js';
import { ConfigError } from '../../config/config-error.js';
import type { LlmStrategyConfig, StrategyConfig } from '../../config/routing-config-schema.js';
import type { ModelTable } from '../model-table.js';
import { forEachSelectorTarget } from '../strategies/for-each-selector-target.js';

/**
 * No `llm` classifier may itself be routed through an `llm` strategy: its request would ask for a
 * classification that asks for a classification… Follows what routing the classifier's group can
 * reach — its strategy (rules, A/B, learned targets, nested strategies), the groups those name, and
 * fallback groups — and names the path to the offending strategy. Run after the group references
 * are known to exist (checkGroupReferences).
 */
export function checkLlmClassifiers(config: Config, models: ModelTable): void {
  const problems: string[] = [];
  const visit = (strategy: StrategyConfig | undefined, where: string): void => {
    if (strategy === undefined) return;
    forEachSelectorTarget(strategy, where, (target) => visit(target.strategy, target.strategyPath));
    if (strategy.type !== 'llm') return;
    const loop = classifierLoop(strategy, models);
    if (loop !== undefined) {
      problems.push(`${where}.model: the classifier "${strategy.model}" is itself routed by an llm strategy (${loop}); name a group whose routing asks no classifier`);
    }
  };
  config.models.forEach((group, index) => visit(group.strategy, `models[${index}].strategy`));
  visit(config.routing.default_strategy, 'routing.default_strategy');
  visit(config.routing.auto.strategy, 'routing.auto.strategy');
  if (problems.length > 0) throw new ConfigError('The config has an llm classifier that would classify its own requests:', problems);
}

/** The path from the classifier's group to an llm strategy it can reach, or undefined when there is none. */
function classifierLoop(strategy: LlmStrategyConfig, models: ModelTable): string | undefined {
  const seen = new Set<string>();
  const queue: Array<{ name: string; path: string }> = [{ name: strategy.model, path: `"${strategy.model}"` }];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { name, path } = next;
    if (seen.has(name)) continue;
    seen.add(name);
    const group = models.resolve(name);
    if (group === undefined) continue;
    let found: string | undefined;
    const walk = (inner: StrategyConfig | undefined, where: string): void => {
      if (inner === undefined || found !== undefined) return;
      if (inner.type === 'llm') {
        found = `${path} → ${where}llm`;
        return;
      }
      forEachSelectorTarget(inner, where, (target) => {
        if (target.group !== undefined) queue.push({ name: target.group, path: `${path} → ${where}group "${target.group}"` });
      });
      forEachSelectorTarget(inner, where, (target) => walk(target.strategy, `${where}${inner.type} → `));
    };
    walk(group.strategy, 'strategy ');
    if (found !== undefined) return found;
    for (const fallback of group.fallbacks) queue.push({ name: fallback, path: `${path} → fallback "${fallback}"` });
  }
  return undefined;
}
