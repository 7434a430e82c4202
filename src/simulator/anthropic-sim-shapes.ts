import type { CompletionPlan, PlannedToolCall } from './plan-completion.js';

/** Anthropic's usage split: `inputTokens` excludes what was read from or written to the cache. */
export interface AnthropicSimUsage {
  inputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  outputTokens: number;
}

/** The pieces of Anthropic's answer shape that the message renderer and the stream sink share. */
export const anthropicSimShapes = {
  /** `toolu_01` + 22 base-62 characters, derived from the plan's id so stream and non-stream agree. */
  toolId(call: PlannedToolCall): string {
    return `toolu_01${call.id.slice('call_'.length, 'call_'.length + 22)}`;
  },

  usage(usage: AnthropicSimUsage, outputTokens = usage.outputTokens): string {
    return (
      `{"input_tokens":${usage.inputTokens},"cache_creation_input_tokens":${usage.cacheCreationInputTokens},` +
      `"cache_read_input_tokens":${usage.cacheReadInputTokens},` +
      `"cache_creation":{"ephemeral_5m_input_tokens":${usage.cacheCreationInputTokens},"ephemeral_1h_input_tokens":0},` +
      `"output_tokens":${outputTokens},"service_tier":"standard"}`
    );
  },

  stopReason(plan: CompletionPlan): string {
    if (plan.finishReason === 'length') return 'max_tokens';
    if (plan.finishReason === 'tool_calls') return 'tool_use';
    return plan.stopSequence === undefined ? 'end_turn' : 'stop_sequence';
  },

  stopSequence(plan: CompletionPlan): string {
    return plan.stopSequence === undefined ? 'null' : JSON.stringify(plan.stopSequence);
  },

  /** A tool call's input as an object; arguments cut short by max_tokens parse to `{}`. */
  toolInput(call: PlannedToolCall): unknown {
    try {
      return JSON.parse(call.arguments);
    } catch {
      return {};
    }
  },
};
