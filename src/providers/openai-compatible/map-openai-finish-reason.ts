import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * OpenAI-compatible finish reasons → ours. Mistral says `model_length` and `error`; some servers
 * send `eos` or `end_turn` (https://docs.mistral.ai/api/#tag/chat).
 */
export function mapOpenAIFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
    case 'eos':
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'length':
    case 'model_length':
    case 'max_tokens':
      return 'length';
    case 'tool_calls':
    case 'tool_use':
      return 'tool_calls';
    case 'function_call':
      return 'function_call';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    default:
      return 'stop';
  }
}
