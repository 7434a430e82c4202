import { REASONING_BUDGETS, reasoningEffortOf, type ReasoningEffort } from '../shared/reasoning-budget.js';
import { geminiModelTraits } from './gemini-model-traits.js';
import type { GeminiThinkingConfig } from './gemini-wire.js';

/** Gemini 3 Pro documents only `low` and `high`; Flash and the others also take `minimal` and `medium`. */
const PRO_LEVELS: Record<ReasoningEffort, string> = { none: 'low', minimal: 'low', low: 'low', medium: 'high', high: 'high' };
const LEVELS: Record<ReasoningEffort, string> = { none: 'minimal', minimal: 'minimal', low: 'low', medium: 'medium', high: 'high' };

/**
 * OpenAI `reasoning_effort` → `generationConfig.thinkingConfig`
 * (https://ai.google.dev/gemini-api/docs/thinking). Gemini 2.5 takes a token budget (the shared
 * table; `none` → 0, which Flash and Flash-Lite accept and 2.5 Pro refuses with its own 400);
 * Gemini 3 takes a level and cannot stop thinking, so `none` asks for its lowest level.
 * `includeThoughts` makes the thought summaries come back as reasoning text, except for `none`.
 * Without `reasoning_effort` nothing is sent: the model thinks as it does by default and returns
 * no thought text.
 */
export function geminiThinkingConfig(reasoningEffort: unknown, model: string): GeminiThinkingConfig | undefined {
  const effort = reasoningEffortOf(reasoningEffort);
  if (effort === undefined) return undefined;
  const traits = geminiModelTraits(model);
  const includeThoughts = effort === 'none' ? {} : { includeThoughts: true };
  if (traits.generation3) return { thinkingLevel: (traits.pro ? PRO_LEVELS : LEVELS)[effort], ...includeThoughts };
  return { thinkingBudget: REASONING_BUDGETS[effort], ...includeThoughts };
}
