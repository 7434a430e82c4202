import type { CallPrices } from '../../router-eval/cost-at-quality.js';

/**
 * The per-call prices `router eval` uses for "cost at 95 % of the strong model's quality", in US
 * dollars. Stated assumptions (so the numbers can be redone with others):
 * - GPT-4-1106-preview (strong): OpenAI's list price, $10 per million input tokens and $30 per million
 *   output tokens.
 * - Mixtral-8x7B-Instruct-v0.1 (weak): $0.60 per million tokens, input and output alike (Together AI's
 *   list price for the model).
 * - An average call of 500 input and 250 output tokens (the same for both models).
 * Strong: 500 × $10/M + 250 × $30/M = $0.0125 a call; weak: 750 × $0.60/M = $0.00045 a call (about 28×
 * cheaper). Only the ratio matters for the savings figure; the cost per call scales with the assumption.
 */
export const routellmCallPrices = {
  strong: 0.0125,
  weak: 0.00045,
  currency: 'USD',
  assumption:
    'gpt-4-1106-preview $10/M input + $30/M output tokens, Mixtral-8x7B-Instruct $0.60/M tokens; 500 input + 250 output tokens per call',
} as const satisfies CallPrices & { currency: string; assumption: string };
