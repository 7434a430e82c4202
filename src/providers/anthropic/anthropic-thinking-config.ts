import type { ChatRequest } from '../../spec/chat-request.js';
import { outputTokenLimit } from '../shared/output-token-limit.js';
import { REASONING_BUDGETS, reasoningEffortOf, type ReasoningEffort } from '../shared/reasoning-budget.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import type { AnthropicModelTraits } from './anthropic-model-traits.js';
import type { AnthropicEffort, AnthropicThinkingConfig } from './anthropic-wire.js';

/**
 * `max_tokens` when the request sets no output cap (Anthropic requires one). Thinking adds its
 * budget on top, so a default request still has room to answer.
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Anthropic's smallest thinking budget; `budget_tokens` must also stay below `max_tokens`. */
const MINIMUM_BUDGET = 1024;

/** OpenAI's efforts on Anthropic's adaptive scale: Anthropic has no level below `low`. */
const ADAPTIVE_EFFORT: Record<Exclude<ReasoningEffort, 'none'>, AnthropicEffort> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
};

export interface AnthropicThinkingSettings {
  maxTokens: number;
  thinking: AnthropicThinkingConfig | undefined;
  effort: AnthropicEffort | undefined;
}

/**
 * `reasoning_effort` and the output cap → `max_tokens`, `thinking` and `output_config.effort`.
 *
 * - No effort, or `none`: no `thinking` field, so the model's default applies (off, except on
 *   models that always think).
 * - Budget-form models: `thinking: {type: "enabled", budget_tokens}` from the shared budget table.
 *   The client's cap is kept as it is (OpenAI counts reasoning inside `max_completion_tokens`, and
 *   so does Anthropic inside `max_tokens`); a budget that does not fit under it is lowered to
 *   `max_tokens - 1`, and a cap too small for the 1,024-token minimum is refused.
 * - Adaptive models (Claude 4.6+): `thinking: {type: "adaptive"}` and `output_config.effort`.
 *
 * Without a cap, `max_tokens` is 4,096 plus the effort's budget (also for adaptive thinking, as room
 * to think).
 */
export function anthropicThinkingConfig(request: ChatRequest, traits: AnthropicModelTraits, provider: string): AnthropicThinkingSettings {
  const effort = reasoningEffortOf(request.reasoning_effort);
  const cap = outputTokenLimit(request);
  if (effort === undefined || effort === 'none') {
    return { maxTokens: cap ?? DEFAULT_ANTHROPIC_MAX_TOKENS, thinking: undefined, effort: undefined };
  }
  const budget = REASONING_BUDGETS[effort];
  if (traits.adaptiveThinking) {
    return { maxTokens: cap ?? DEFAULT_ANTHROPIC_MAX_TOKENS + budget, thinking: { type: 'adaptive' }, effort: ADAPTIVE_EFFORT[effort] };
  }
  if (cap === undefined) {
    return { maxTokens: DEFAULT_ANTHROPIC_MAX_TOKENS + budget, thinking: { type: 'enabled', budget_tokens: budget }, effort: undefined };
  }
  if (cap <= MINIMUM_BUDGET) {
    throw unsupportedParameter(
      provider,
      'reasoning_effort',
      `thinking needs a budget of at least ${MINIMUM_BUDGET} tokens below max_tokens, and max_tokens is ${cap}; raise max_tokens or drop reasoning_effort`,
    );
  }
  return { maxTokens: cap, thinking: { type: 'enabled', budget_tokens: Math.min(budget, cap - 1) }, effort: undefined };
}
