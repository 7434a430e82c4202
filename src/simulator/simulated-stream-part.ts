import type { CompletionPlan } from './plan-completion.js';

/** One paced unit of a streamed answer; a wire encoder turns each into one provider chunk. */
export type SimulatedStreamPart =
  | { type: 'reasoning-delta'; text: string }
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string };

/**
 * Flattens a plan into the order a provider streams it: reasoning, then text or tool calls. A
 * plain fixed-text answer reuses the model's shared parts, so nothing is allocated per request.
 */
export function planToStreamParts(
  plan: CompletionPlan,
  shared?: { fixedTextTokens: readonly string[] | undefined; fixedTextParts: readonly SimulatedStreamPart[] | undefined },
): readonly SimulatedStreamPart[] {
  if (shared?.fixedTextParts && plan.content === shared.fixedTextTokens && plan.reasoning.length === 0 && plan.toolCalls.length === 0) {
    return shared.fixedTextParts;
  }
  const parts: SimulatedStreamPart[] = [];
  for (const text of plan.reasoning) parts.push({ type: 'reasoning-delta', text });
  for (const text of plan.content) parts.push({ type: 'text-delta', text });
  plan.toolCalls.forEach((call, index) => {
    parts.push({ type: 'tool-call-start', index, id: call.id, name: call.name });
    for (const argumentsDelta of call.argumentFragments) parts.push({ type: 'tool-call-delta', index, argumentsDelta });
  });
  return parts;
}
