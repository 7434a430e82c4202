import type { LeafStrategyConfig } from '../../config/routing-config-schema.js';
import { costStrategy } from './cost-strategy.js';
import { hybridStrategy } from './hybrid-strategy.js';
import { latencyStrategy } from './latency-strategy.js';
import { leastBusyStrategy } from './least-busy-strategy.js';
import { priorityStrategy } from './priority-strategy.js';
import { qualityStrategy } from './quality-strategy.js';
import { roundRobinStrategy } from './round-robin-strategy.js';
import type { Strategy } from './strategy.js';
import { weightedStrategy } from './weighted-strategy.js';

/** The ranking strategy a leaf config names. Build it once per config version: strategies hold no request state. */
export function createStrategy(config: LeafStrategyConfig): Strategy {
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
    default:
      return unknownStrategy(config);
  }
}

/** A new leaf type in the schema fails to compile here until it has a case above. */
function unknownStrategy(config: never): never {
  throw new Error(`unknown strategy type ${JSON.stringify((config as { type?: unknown }).type)}`);
}
