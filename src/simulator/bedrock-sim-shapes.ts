import type { CompletionPlan, PlannedToolCall } from './plan-completion.js';

/** Bedrock's usage: `inputTokens` excludes cache reads and writes (which appear only when the request has cachePoints). */
export interface BedrockSimUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** The request had cachePoints, so the cache fields are reported. */
  cacheReported: boolean;
}

/** The pieces of Bedrock's Converse shape that the renderer and the event-stream sink share. */
export const bedrockSimShapes = {
  /** `tooluse_` + 22 characters, derived from the plan's id so stream and non-stream agree. */
  toolId(call: PlannedToolCall): string {
    return `tooluse_${call.id.slice('call_'.length, 'call_'.length + 22)}`;
  },

  usage(usage: BedrockSimUsage): Record<string, number> {
    const total = usage.inputTokens + usage.outputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
    const reported: Record<string, number> = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: total };
    if (usage.cacheReported) {
      reported.cacheReadInputTokens = usage.cacheReadInputTokens;
      reported.cacheWriteInputTokens = usage.cacheWriteInputTokens;
    }
    return reported;
  },

  stopReason(plan: CompletionPlan): string {
    if (plan.finishReason === 'length') return 'max_tokens';
    if (plan.finishReason === 'tool_calls') return 'tool_use';
    return plan.stopSequence === undefined ? 'end_turn' : 'stop_sequence';
  },

  /** A tool call's input as an object; arguments cut short by maxTokens parse to `{}`. */
  toolInput(call: PlannedToolCall): unknown {
    try {
      return JSON.parse(call.arguments);
    } catch {
      return {};
    }
  },
};
