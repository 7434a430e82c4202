import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * Bedrock `stopReason` → OpenAI finish reason (Bedrock API reference, ConverseResponse/MessageStopEvent).
 * `malformed_model_output` and `malformed_tool_use` mean the model produced output Bedrock could not
 * parse: the answer is unusable, so they finish as `error` (the provider's reason is kept beside it).
 * `jsonTool` is set when a forced tool stood in for JSON mode: its call is the answer, not a tool call.
 */
export function mapBedrockFinishReason(reason: string | undefined, jsonTool = false): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return jsonTool ? 'stop' : 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    case 'malformed_model_output':
    case 'malformed_tool_use':
      return 'error';
    default:
      return 'stop';
  }
}
