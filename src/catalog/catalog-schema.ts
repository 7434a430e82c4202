import { z } from 'zod';
import { CAPABILITIES } from '../spec/capabilities.js';

/** USD per 1M tokens (catalog/models.yaml describes each key; compute-cost.ts applies them). */
export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative().default(0),
  cached_input: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
  /** Cache writes with the long (1-hour) lifetime, where they cost more than `cache_write` (Anthropic: 2× input). */
  cache_write_long: z.number().nonnegative().optional(),
});

export const CatalogModelSchema = z.looseObject({
  id: z.string().regex(/^[^/]+\/.+$/, 'must be "<provider>/<model>"'),
  mode: z.enum(['chat', 'embedding']).default('chat'),
  context_window: z.number().int().positive().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  price: PriceSchema.optional(),
  capabilities: z.array(z.enum(CAPABILITIES)).default([]),
  embedding_dimensions: z.number().int().positive().optional(),
  aliases: z.array(z.string()).default([]),
  source: z.string().optional(),
  checked: z.union([z.string(), z.date()]).optional(),
  verified: z.boolean().optional(),
  notes: z.string().optional(),
  /** 0–1 from a public leaderboard, for the quality and hybrid strategies (catalog/README.md says how). */
  quality: z.number().min(0).max(1).optional(),
  /** Leaderboard, date of the copy read, and the leaderboard entry the score was taken from. */
  quality_source: z.string().min(1).optional(),
});

export const CatalogProviderSchema = z.looseObject({
  name: z.string(),
  base_url: z.string().optional(),
  api_key_env: z.string().optional(),
  docs: z.string().optional(),
});

export const CatalogFileSchema = z.looseObject({
  version: z.literal(1).optional(),
  providers: z.record(z.string(), CatalogProviderSchema).default({}),
  models: z.array(CatalogModelSchema).default([]),
});

export type Price = z.infer<typeof PriceSchema>;
export type CatalogModel = z.infer<typeof CatalogModelSchema>;
export type CatalogProvider = z.infer<typeof CatalogProviderSchema>;
export type CatalogFile = z.infer<typeof CatalogFileSchema>;
