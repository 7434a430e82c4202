import type { ChatRequest } from '../spec/chat-request.js';
import type { ChatResult } from '../spec/chat-result.js';
import type { EmbeddingRequest, EmbeddingResult } from '../spec/embedding.js';
import type { PartStream } from '../spec/stream-part.js';
import type { Cancellation } from '../upstream/cancellation.js';
import type { RateLimitInfo } from '../upstream/parse-rate-limit-headers.js';
import type { ProviderType } from './provider-types.js';

export interface ProviderCallContext {
  requestId: string;
  /** Cancelled when the client disconnects or the request's deadline passes (reason: a GatewayError). */
  cancellation: Cancellation;
  /** The attempt's W3C traceparent when tracing is on: sent upstream as the `traceparent` header. */
  traceparent?: string | undefined;
}

/**
 * What a chat call gives back once the upstream has answered with a success status:
 * a stream of parts (streaming requests) or a collected result (non-streaming requests, sent to the
 * upstream non-streaming).
 */
export type ChatResponse =
  | { kind: 'stream'; parts: PartStream; rateLimit?: RateLimitInfo | undefined }
  | { kind: 'result'; result: ChatResult; rateLimit?: RateLimitInfo | undefined };

/**
 * The contract every adapter implements.
 *
 * - `request.model` is already the upstream model id; the adapter does not route.
 * - `chat` resolves when the upstream has answered with a success status, and rejects with a
 *   GatewayError (naming the provider, with `retryable` set) when it did not: before any byte has
 *   reached the client, so the router can still try another deployment.
 * - Failures after that arrive as an `error` part, after which the stream ends.
 * - When the consumer stops iterating (client gone), the upstream request is aborted.
 * - Adapters never import routing, governance, store or server.
 */
export interface ChatProvider {
  readonly id: string;
  readonly type: ProviderType;
  chat(request: ChatRequest, context: ProviderCallContext): Promise<ChatResponse>;
  embed(request: EmbeddingRequest, context: ProviderCallContext): Promise<EmbeddingResult>;
  /** The provider's own count of the request's input tokens, where it has an endpoint for it (Anthropic count_tokens). */
  countTokens?(request: ChatRequest, context: ProviderCallContext): Promise<number>;
  /** Closes pooled connections once in-flight requests are done. */
  close(): Promise<void>;
}
