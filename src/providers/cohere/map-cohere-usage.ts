import { emptyUsage, type Usage } from '../../spec/usage.js';
import type { CohereUsage } from './cohere-wire.js';

/**
 * Cohere usage → canonical usage plus the fields with no canonical home.
 *
 * Cohere reports two pairs of counts: `tokens` (what the model read and wrote, Cohere's own prompt
 * template included) and `billed_units` (what is charged per token, docs.cohere.com "How does
 * Cohere's pricing work"; the template is not billed, cached or not: the response recorded in
 * vercel/ai's cohere fixtures counts 507 input tokens, 448 of them cached, and bills 12). Counts
 * here are `tokens`, so the same
 * request reports the same numbers whether it streamed or not; `billed_units` is passed to clients
 * as `usage.billed_units`, and where it differs from `tokens` it becomes `billedInputTokens` /
 * `billedOutputTokens`, which the cost is computed from. `cached_tokens` (prompt tokens served from
 * Cohere's cache) are part of `tokens.input_tokens`, which matches the canonical meaning. Cohere
 * does not count thinking tokens separately, so `reasoningTokens` stays 0 (they are inside
 * `output_tokens`).
 */
export function mapCohereUsage(raw: CohereUsage | undefined): { usage: Usage; extra?: Record<string, unknown> } {
  const usage = emptyUsage();
  if (raw === undefined || raw === null || typeof raw !== 'object') return { usage };
  usage.inputTokens = numberOr(raw.tokens?.input_tokens, raw.billed_units?.input_tokens);
  usage.outputTokens = numberOr(raw.tokens?.output_tokens, raw.billed_units?.output_tokens);
  usage.cachedInputTokens = numberOr(raw.cached_tokens, undefined);
  if (raw.billed_units === undefined || raw.billed_units === null) return { usage };
  const billedInput = raw.billed_units.input_tokens;
  const billedOutput = raw.billed_units.output_tokens;
  if (typeof billedInput === 'number' && billedInput !== usage.inputTokens) usage.billedInputTokens = billedInput;
  if (typeof billedOutput === 'number' && billedOutput !== usage.outputTokens) usage.billedOutputTokens = billedOutput;
  return { usage, extra: { billed_units: raw.billed_units } };
}

/** The first value that is a number (billed units stand in when `tokens` is missing). */
function numberOr(value: unknown, fallback: unknown): number {
  if (typeof value === 'number') return value;
  return typeof fallback === 'number' ? fallback : 0;
}
