import { GatewayError } from '../../spec/gateway-error.js';

/**
 * OpenAI `reasoning_effort` → a thinking budget in tokens, one table for every provider that takes a
 * budget (Anthropic `thinking.budget_tokens`, Gemini 2.5 `thinkingBudget`, Bedrock Claude, Cohere
 * `thinking.token_budget`); docs/reasoning.md lists it. `none` turns thinking off (undefined).
 * Anthropic's minimum budget is 1,024 tokens, so that is the floor.
 */
export const REASONING_BUDGETS = {
  none: 0,
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
} as const;

export type ReasoningEffort = keyof typeof REASONING_BUDGETS;

/** The effort as a known level, or a 400 naming the accepted values. */
export function reasoningEffortOf(value: unknown): ReasoningEffort | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && Object.hasOwn(REASONING_BUDGETS, value)) return value as ReasoningEffort;
  throw new GatewayError(
    'GW_ERR_REQUEST_INVALID',
    `reasoning_effort must be one of ${Object.keys(REASONING_BUDGETS).join(', ')}; got ${JSON.stringify(value)}`,
    { param: 'reasoning_effort' },
  );
}
