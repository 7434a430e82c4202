import type { BanditStrategyConfig } from '../../config/bandit-strategy-schema.js';
import type { LeafStrategyConfig } from '../../config/routing-config-schema.js';
import type { BanditPosteriorView } from '../bandit/bandit-arms.js';
import { banditStrategy } from './bandit-strategy.js';
import { costStrategy } from './cost-strategy.js';
import { hybridStrategy } from './hybrid-strategy.js';
import { latencyStrategy } from './latency-strategy.js';
import { leastBusyStrategy } from './least-busy-strategy.js';
import { priorityStrategy } from './priority-strategy.js';
import { qualityStrategy } from './quality-strategy.js';
import { roundRobinStrategy } from './round-robin-strategy.js';
import type { Strategy } from './strategy.js';
import { weightedStrategy } from './weighted-strategy.js';

/** What a strategy may need besides its config: the live feedback posterior of a bandit (none: every deployment ranks by the prior). */
export interface StrategyServices {
  banditPosterior?: (config: BanditStrategyConfig) => BanditPosteriorView;
}

/** The ranking strategy a leaf config names. Build it once per config version: strategies hold no request state. */
export function createStrategy(config: LeafStrategyConfig, services: StrategyServices = {}): Strategy {
  switch (config.type) {
    case 'priority':
      return priorityStrategy();
    case 'weighted':
      return weightedStrategy();
    case 'round-robin':
      return roundRobinStrategy();
    case 'least-busy':
      return leastBusyStrategy();
    case 'latency':
      return latencyStrategy();
    case 'cost':
      return costStrategy();
    case 'quality':
      return qualityStrategy({ tolerance: config.tolerance });
    case 'hybrid':
      return hybridStrategy(config.weights);
    case 'bandit':
      return banditStrategy(config, services.banditPosterior?.(config));
    default:
      return unknownStrategy(config);
  }
}

/** A new leaf type in the schema fails to compile here until it has a case above. */
function unknownStrategy(config: never): never {
  throw new Error(`unknown strategy type ${JSON.stringify((config as { type?: unknown }).type)}`);
}
