import type { LeafStrategyConfig } from '../../config/routing-config-schema.js';

const balanced: LeafStrategyConfig = Object.freeze({ type: 'hybrid', weights: Object.freeze({ cost: 0.4, latency: 0.3, quality: 0.3 }) });

/**
 * What a per-request hint (header `x-skyroute-strategy`, body `skyroute.strategy`) may ask for: the
 * goal names `cost`, `latency`, `quality` and `balanced`, and every leaf type by its own name with its
 * default settings. Rules and A/B are not offered: they need configuration a hint cannot carry.
 * A Map rather than an object, so a hint such as `constructor` finds nothing.
 */
export const REQUEST_STRATEGY_PRESETS: ReadonlyMap<string, LeafStrategyConfig> = new Map<string, LeafStrategyConfig>([
  ['cost', Object.freeze({ type: 'cost' })],
  ['latency', Object.freeze({ type: 'latency' })],
  ['quality', Object.freeze({ type: 'quality', tolerance: 0 })],
  ['balanced', balanced],
  ['priority', Object.freeze({ type: 'priority' })],
  ['weighted', Object.freeze({ type: 'weighted' })],
  ['round-robin', Object.freeze({ type: 'round-robin' })],
  ['least-busy', Object.freeze({ type: 'least-busy' })],
  // The schema's own default weights for a bare `hybrid`.
  ['hybrid', balanced],
]);

/** The strategy a per-request hint names (case and surrounding spaces ignored), or undefined for a name it does not know. */
export function requestStrategyPreset(name: string): LeafStrategyConfig | undefined {
  return REQUEST_STRATEGY_PRESETS.get(name) ?? REQUEST_STRATEGY_PRESETS.get(name.trim().toLowerCase());
}
