import type { FinishReason } from '../../spec/finish-reason.js';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

const ANTHROPIC_STOP_REASONS = new Set<string>(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded']);

/**
 * A canonical finish reason → Anthropic's `stop_reason`. When the upstream's own reason already is an
 * Anthropic one (an Anthropic or Bedrock upstream), it is kept as it came: it says more (which stop
 * sequence, a paused turn). Otherwise stop → end_turn (or refusal when the model refused in text, as
 * OpenAI models do), length → max_tokens, tool_calls → tool_use, content_filter → refusal; a stream
 * that ended without a reason is reported as end_turn.
 */
export function mapFinishReasonToAnthropic(reason: FinishReason | null | undefined, providerReason: string | undefined, refused: boolean): AnthropicStopReason {
  if (providerReason !== undefined && ANTHROPIC_STOP_REASONS.has(providerReason)) return providerReason as AnthropicStopReason;
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return refused ? 'refusal' : 'end_turn';
  }
}
