import { REASONING_BUDGETS, type ReasoningEffort } from '../../providers/shared/reasoning-budget.js';
import type { AnthropicRequest } from './anthropic-request-schema.js';

type Thinking = NonNullable<AnthropicRequest['thinking']>;
type Effort = NonNullable<NonNullable<AnthropicRequest['output_config']>['effort']>;

/** Anthropic's effort levels → the canonical ones; the two above `high` have no OpenAI equivalent. */
const EFFORTS: Record<Effort, ReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' };

/**
 * Anthropic `thinking` (and `output_config.effort`) → OpenAI `reasoning_effort`:
 * - `enabled` with `budget_tokens` → the level whose budget (reasoning-budget.ts) is nearest, ties going up;
 * - `disabled` → nothing (the default everywhere; `none` would be refused by models that do not reason,
 *   and Anthropic clients send `disabled` routinely);
 * - `adaptive` / `between_tools` → the requested effort, else `medium`;
 * - no `thinking` → the requested effort, else nothing.
 * The exact Anthropic settings travel separately in `providerOptions.anthropic`, so an Anthropic
 * upstream gets the client's budget rather than the table's.
 */
export function mapAnthropicThinking(thinking: Thinking | null | undefined, effort: Effort | null | undefined): ReasoningEffort | undefined {
  const requested = effort === undefined || effort === null ? undefined : EFFORTS[effort];
  if (thinking === undefined || thinking === null) return requested;
  switch (thinking.type) {
    case 'enabled':
      return nearestEffort(thinking.budget_tokens ?? 0);
    case 'disabled':
      return requested;
    default:
      return requested ?? 'medium';
  }
}

export function nearestEffort(budget: number): ReasoningEffort {
  let best: ReasoningEffort = 'minimal';
  for (const level of ['minimal', 'low', 'medium', 'high'] as const) {
    if (Math.abs(REASONING_BUDGETS[level] - budget) <= Math.abs(REASONING_BUDGETS[best] - budget)) best = level;
  }
  return best;
}
