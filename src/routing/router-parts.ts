import type { LeafStrategyConfig, RoutingConfig, StrategyConfig } from '../config/routing-config-schema.js';
import type { StatePort } from '../state/state-port.js';
import type { DeploymentLimits } from './deployment-limits.js';
import type { DeploymentHealth } from './health/deployment-health.js';
import type { ModelTable } from './model-table.js';
import type { CountText } from './prompt-size.js';
import { createStrategy } from './strategies/create-strategy.js';
import { compileSelector, type RouteSelector, type SelectorConfig } from './strategies/select-route.js';
import type { LearnedRouters } from './strategies/load-learned-routers.js';
import type { Strategy } from './strategies/strategy.js';

/** What the router's pieces share for one config version: the model table, health, limits, compiled strategies. */
export interface RouterParts {
  models: ModelTable;
  health: DeploymentHealth;
  limits: DeploymentLimits;
  routing: RoutingConfig;
  countText: CountText;
  random: () => number;
  now: () => number;
  /** The compiled strategy of a leaf config (compiled once per config object). */
  strategy(config: StrategyConfig): Strategy;
  selector(config: SelectorConfig): RouteSelector;
  /** The group's next round-robin position, shared across replicas; a local count when the state port does not answer. */
  nextCounter(groupName: string): Promise<number>;
  onStateError(error: unknown): void;
}

export interface RouterPartsOptions {
  models: ModelTable;
  health: DeploymentHealth;
  limits: DeploymentLimits;
  state: StatePort;
  routing: RoutingConfig;
  countText: CountText;
  /** The routers of the config's learned strategies (`loadLearnedRouters`); none by default. */
  learnedRouters?: LearnedRouters;
  random?: () => number;
  now?: () => number;
  onStateError: (error: unknown) => void;
}

export function createRouterParts(options: RouterPartsOptions): RouterParts {
  const strategies = new WeakMap<object, Strategy>();
  const selectors = new WeakMap<object, RouteSelector>();
  const localCounters = new Map<string, number>();
  const { state } = options;
  return {
    models: options.models,
    health: options.health,
    limits: options.limits,
    routing: options.routing,
    countText: options.countText,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    onStateError: options.onStateError,
    strategy(config) {
      let strategy = strategies.get(config);
      if (strategy === undefined) {
        strategy = createStrategy(config as LeafStrategyConfig);
        strategies.set(config, strategy);
      }
      return strategy;
    },
    selector(config) {
      let selector = selectors.get(config);
      if (selector === undefined) {
        selector = compileSelector(config, config.type === 'learned' ? options.learnedRouters?.get(config) : undefined);
        selectors.set(config, selector);
      }
      return selector;
    },
    async nextCounter(groupName) {
      try {
        return await state.increment(`rr:${groupName}`);
      } catch (error) {
        options.onStateError(error);
        const next = (localCounters.get(groupName) ?? 0) + 1;
        localCounters.set(groupName, next);
        return next;
      }
    },
  };
}
