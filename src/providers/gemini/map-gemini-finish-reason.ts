import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * Gemini's `finishReason` → OpenAI's (https://ai.google.dev/api/generate-content#FinishReason;
 * PROVIDER-MAPPING §3). STOP means `tool_calls` when the answer holds function calls. Every block
 * by a filter (safety, recitation, blocklist, prohibited content, personal data, image filters,
 * an unsupported language) is `content_filter`. A malformed or unexpected function call, or too
 * many of them, ended the answer without a usable result: `error`. OTHER, unspecified and reasons
 * added later read as `stop`; the provider's own reason is kept beside it for logs.
 */
export function mapGeminiFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'STOP':
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'LANGUAGE':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content_filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
      return 'error';
    default:
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}
