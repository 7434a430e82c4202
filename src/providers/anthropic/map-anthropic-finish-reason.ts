import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * Anthropic `stop_reason` → OpenAI `finish_reason`
 * (https://platform.claude.com/docs/en/api/messages, "stop_reason"; PROVIDER-MAPPING §3).
 *
 * `pause_turn` (a server-tool loop paused; the client may send the turn back to continue) has no
 * OpenAI counterpart: it maps to `stop`, and the provider's reason stays on the finish part.
 * `refusal` (a safety classifier stopped the answer) maps to `content_filter`.
 */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
