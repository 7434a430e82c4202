/** One row of `npm run bench:routing`: a label and the group's `strategy` as it would be written in the config. */
export interface RoutingStrategy {
  /** What BENCH_ROUTING_STRATEGIES names it by. */
  key: string;
  label: string;
  config: unknown;
}

/**
 * The strategies compared, each with its defaults unless a parameter is the point. `rules` sends long
 * prompts to the cheapest, contract reviews to the best, and the rest to the fastest; `ab` splits the
 * users (sticky by the `user` field) between cost and quality.
 */
export const routingStrategies: readonly RoutingStrategy[] = [
  { key: 'priority', label: 'priority', config: 'priority' },
  { key: 'weighted', label: 'weighted', config: 'weighted' },
  { key: 'round-robin', label: 'round-robin', config: 'round-robin' },
  { key: 'least-busy', label: 'least-busy', config: 'least-busy' },
  { key: 'latency', label: 'latency', config: 'latency' },
  { key: 'cost', label: 'cost', config: 'cost' },
  { key: 'quality', label: 'quality', config: 'quality' },
  { key: 'quality-tolerance', label: 'quality (tolerance 0.15)', config: { type: 'quality', tolerance: 0.15 } },
  { key: 'hybrid', label: 'hybrid (cost 0.4, latency 0.3, quality 0.3)', config: 'hybrid' },
  {
    key: 'rules',
    label: 'rules (long→cost, contract→quality, else latency)',
    config: {
      type: 'rules',
      rules: [
        { when: { prompt_tokens: { gt: 1_000 } }, use: { strategy: 'cost' } },
        { when: { keywords: ['contract'] }, use: { strategy: 'quality' } },
      ],
      default: 'latency',
    },
  },
  {
    key: 'ab',
    label: 'ab (50% cost / 50% quality, sticky by user)',
    config: {
      type: 'ab',
      variants: [
        { weight: 1, name: 'cost', strategy: 'cost' },
        { weight: 1, name: 'quality', strategy: 'quality' },
      ],
      sticky_by: 'user',
    },
  },
];
