import type { RouteTarget, StrategyConfig } from '../../config/routing-config-schema.js';

/** One place a selector sends requests to: a group, a strategy, or both unset; with their config paths. */
export interface SelectorTarget {
  group: string | undefined;
  strategy: StrategyConfig | undefined;
  /** `<where>.rules[0].use.group`, `<where>.variants[1].group`, `<where>.strong.group`, `<where>.categories.code.use.group`… */
  groupPath: string;
  /** The same with `.strategy`; a rules strategy's `default` is `<where>.default`. */
  strategyPath: string;
}

/**
 * Calls `visit` with every target of a selector strategy (`rules`: each rule's `use` and the
 * `default`; `ab`: each variant; `learned`: `strong` and `weak`; `llm`: each category's `use`);
 * a ranking strategy has none. The config checks and loaders walk nested routing with it.
 */
export function forEachSelectorTarget(strategy: StrategyConfig, where: string, visit: (target: SelectorTarget) => void): void {
  const at = (target: RouteTarget, path: string): void => visit({ group: target.group, strategy: target.strategy, groupPath: `${path}.group`, strategyPath: `${path}.strategy` });
  switch (strategy.type) {
    case 'rules':
      strategy.rules.forEach((rule, index) => at(rule.use, `${where}.rules[${index}].use`));
      if (strategy.default !== undefined) visit({ group: undefined, strategy: strategy.default, groupPath: `${where}.default`, strategyPath: `${where}.default` });
      return;
    case 'ab':
      strategy.variants.forEach((variant, index) => at(variant, `${where}.variants[${index}]`));
      return;
    case 'learned':
      at(strategy.strong, `${where}.strong`);
      at(strategy.weak, `${where}.weak`);
      return;
    case 'llm':
      for (const [name, category] of Object.entries(strategy.categories)) at(category.use, `${where}.categories.${name}.use`);
      return;
    default:
      return;
  }
}
