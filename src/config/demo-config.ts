import { parseConfig, type LoadedConfig } from './load-config.js';

/**
 * The demo: one provider, `sim`, in front of the built-in simulator, with catalog entries that
 * make its models look like real ones (prices, context windows, capabilities), so the first
 * request works offline and every gateway feature has something to act on.
 */
export function buildDemoConfig(simulatorUrl: string, options: { baseDirectory: string; environment: NodeJS.ProcessEnv; tree?: Record<string, unknown> }): LoadedConfig {
  const tree: Record<string, unknown> = {
    ...options.tree,
    providers: { sim: { type: 'openai-compatible', base_url: simulatorUrl } },
    catalog: { models: DEMO_CATALOG },
  };
  return parseConfig(tree, { baseDirectory: options.baseDirectory, environment: options.environment });
}

export const DEMO_CATALOG = [
  {
    id: 'sim/fast',
    mode: 'chat',
    context_window: 128_000,
    max_output_tokens: 16_384,
    price: { input: 0.1, output: 0.4, cached_input: 0.025 },
    capabilities: ['tools', 'json_schema'],
    source: 'built-in simulator',
    notes: 'cheap and quick',
  },
  {
    id: 'sim/smart',
    mode: 'chat',
    context_window: 200_000,
    max_output_tokens: 32_768,
    price: { input: 2, output: 8, cached_input: 0.5 },
    capabilities: ['tools', 'json_schema', 'reasoning'],
    source: 'built-in simulator',
    notes: 'dearer and slower, reasons before answering',
  },
  {
    id: 'sim/vision',
    mode: 'chat',
    context_window: 128_000,
    max_output_tokens: 16_384,
    price: { input: 0.5, output: 1.5 },
    capabilities: ['vision', 'tools', 'json_schema'],
    source: 'built-in simulator',
    notes: 'accepts images',
  },
  {
    id: 'sim/embed',
    mode: 'embedding',
    context_window: 8_192,
    price: { input: 0.02, output: 0 },
    capabilities: ['embeddings'],
    embedding_dimensions: 256,
    source: 'built-in simulator',
  },
];
