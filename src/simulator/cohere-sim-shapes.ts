import type { CompletionPlan, PlannedToolCall, SimulatedUsage } from './plan-completion.js';

/** The pieces of Cohere's v2 chat shape that the renderer and the stream sink share. */
export const cohereSimShapes = {
  /** Cohere's ids are the function name, an underscore and 12 lower-case characters. */
  toolId(call: PlannedToolCall): string {
    return `${call.name}_${call.id.slice('call_'.length, 'call_'.length + 12).toLowerCase()}`;
  },

  /** The sentence Cohere writes before calling tools (`tool_plan`); not counted in usage. */
  toolPlan(plan: CompletionPlan): string {
    const names = [...new Set(plan.toolCalls.map((call) => call.name))];
    return `I will use the ${names.join(' and ')} tool${names.length > 1 ? 's' : ''} to answer this.`;
  },

  /**
   * `tokens` are what the model processed; `billed_units` leave out the cached prompt tokens
   * (Cohere's exact billing rule is not public; this keeps billed ≤ processed).
   */
  usage(usage: SimulatedUsage): string {
    return (
      `{"billed_units":{"input_tokens":${usage.promptTokens - usage.cachedTokens},"output_tokens":${usage.completionTokens}},` +
      `"tokens":{"input_tokens":${usage.promptTokens},"output_tokens":${usage.completionTokens}},"cached_tokens":${usage.cachedTokens}}`
    );
  },

  finishReason(plan: CompletionPlan): string {
    if (plan.finishReason === 'length') return 'MAX_TOKENS';
    if (plan.finishReason === 'tool_calls') return 'TOOL_CALL';
    return plan.stopSequence === undefined ? 'COMPLETE' : 'STOP_SEQUENCE';
  },
};
