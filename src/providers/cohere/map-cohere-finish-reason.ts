import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * Cohere `finish_reason` (ChatFinishReason, docs.cohere.com/reference/chat) → ours.
 *
 * - `COMPLETE`, `STOP_SEQUENCE` → `stop`; `MAX_TOKENS` → `length`; `TOOL_CALL` → `tool_calls`.
 * - `TIMEOUT` ("stopped because it exceeded the allowed time limit") → `length`: the answer is cut
 *   short like a token limit, and what was generated is kept; the provider's reason stays in the
 *   finish part for logs.
 * - `ERROR` ("the generation failed due to an internal error") is not a finish reason here: the
 *   adapter turns it into a retryable upstream error (see cohere-error.ts), so this maps it to
 *   `error` only for completeness.
 * - Anything unknown → `stop`.
 */
export function mapCohereFinishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
    case 'TIMEOUT':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR':
      return 'error';
    default:
      return 'stop';
  }
}
