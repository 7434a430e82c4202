import { emptyUsage, type Usage } from '../../spec/usage.js';
import type { CohereUsage } from './cohere-wire.js';

/**
 * Cohere usage → canonical usage plus the fields with no canonical home.
 *
 * Cohere reports two pairs of counts: `tokens` (what the model read and wrote, Cohere's own prompt
 * template included) and `billed_units` (what is charged: fewer input tokens, since the template is
 * not billed). Counts here are `tokens`, so the same request reports the same numbers whether it
 * streamed or not and whatever the billing rules are; `billed_units` is passed to clients as
 * `usage.billed_units`. `cached_tokens` (prompt tokens served from Cohere's cache) are part of
 * `tokens.input_tokens`, which matches the canonical meaning. Cohere does not count thinking tokens
 * separately, so `reasoningTokens` stays 0 (they are inside `output_tokens`).
 */
export function mapCohereUsage(raw: CohereUsage | undefined): { usage: Usage; extra?: Record<string, unknown> } {
  const usage = emptyUsage();
  if (raw === undefined || raw === null || typeof raw !== 'object') return { usage };
  usage.inputTokens = numberOr(raw.tokens?.input_tokens, raw.billed_units?.input_tokens);
  usage.outputTokens = numberOr(raw.tokens?.output_tokens, raw.billed_units?.output_tokens);
  usage.cachedInputTokens = numberOr(raw.cached_tokens, undefined);
  if (raw.billed_units === undefined) return { usage };
  return { usage, extra: { billed_units: raw.billed_units } };
}

/** The first value that is a number (billed units stand in when `tokens` is missing). */
function numberOr(value: unknown, fallback: unknown): number {
  if (typeof value === 'number') return value;
  return typeof fallback === 'number' ? fallback : 0;
}
