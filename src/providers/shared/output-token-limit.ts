import type { ChatRequest } from '../../spec/chat-request.js';

/** The request's output-token cap: `max_completion_tokens`, else `max_tokens`; undefined when neither is set. */
export function outputTokenLimit(request: ChatRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}
