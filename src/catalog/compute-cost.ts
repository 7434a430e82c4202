import type { Usage } from '../spec/usage.js';
import type { Price } from './catalog-schema.js';

export interface Cost {
  inputUsd: number;
  outputUsd: number;
  totalUsd: number;
}

/**
 * The one place where a request's cost is computed, from canonical usage (OpenAI semantics, see
 * spec/usage.ts) and a price in USD per 1M tokens. Every input token is priced once, in exactly one
 * of four kinds:
 * - cache reads at `cached_input`;
 * - long (1-hour) cache writes at `cache_write_long`, else `cache_write`;
 * - the other cache writes at `cache_write`;
 * - the rest at `input`.
 * A rate the price does not state falls back to `input` (a provider that lists no cache price
 * charges cached tokens as plain input). Where the provider reports billed counts that differ from
 * the counted ones (Cohere), the billed counts are priced at the plain input and output rates.
 *
 * Reasoning tokens are priced as output: they are inside outputTokens and not added again. Every
 * provider we know bills them at the output rate, so there is no separate reasoning price: OpenAI
 * (reasoning guide: reasoning is part of the output, capped by the output limit), Anthropic
 * (context-windows guide: thinking tokens "are billed as output tokens"), Gemini (pricing page:
 * "output price (including thinking tokens)"), DeepSeek (pricing notes: chain-of-thought and answer
 * tokens "are priced equally"), OpenRouter ("reasoning tokens are considered output tokens and
 * charged accordingly"). xAI reports them outside completion_tokens; its adapter adds them back.
 */
export function computeCost(usage: Usage, price: Price | undefined): Cost {
  if (price === undefined) return { inputUsd: 0, outputUsd: 0, totalUsd: 0 };
  const inputUsd = (usage.billedInputTokens === undefined ? countedInputCost(usage, price) : usage.billedInputTokens * price.input) / 1_000_000;
  const outputUsd = ((usage.billedOutputTokens ?? usage.outputTokens) * price.output) / 1_000_000;
  return { inputUsd, outputUsd, totalUsd: inputUsd + outputUsd };
}

/** USD × 1M for the counted input, split into plain input, cache reads and short and long cache writes. */
function countedInputCost(usage: Usage, price: Price): number {
  const cacheWriteRate = price.cache_write ?? price.input;
  const longWrites = Math.min(usage.cacheWriteLongInputTokens ?? 0, usage.cacheWriteInputTokens);
  const shortWrites = usage.cacheWriteInputTokens - longWrites;
  const plainInput = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteInputTokens);
  return (
    plainInput * price.input +
    usage.cachedInputTokens * (price.cached_input ?? price.input) +
    shortWrites * cacheWriteRate +
    longWrites * (price.cache_write_long ?? cacheWriteRate)
  );
}

/**
 * A request's cost as billed: integer nano-dollars (1e-9 USD), rounded once here, so spend totals
 * are sums of integers and add up exactly across keys, teams, replicas and databases.
 */
export function costNusd(cost: Cost): number {
  return Math.round(cost.totalUsd * 1e9);
}
