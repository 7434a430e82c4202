import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deployment } from '../routing/deployment.js';
import type { RouteTrace } from '../routing/explain.js';
import type { StreamEnd } from '../routing/watch-stream.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { ChatResult } from '../spec/chat-result.js';
import type { EmbeddingResult } from '../spec/embedding.js';
import type { RequestLogRow } from '../store/store-port.js';

/**
 * OpenTelemetry tracing as the request path sees it (docs/observability.md "Traces"). Only types live
 * here: the implementation (create-tracing.ts and the OpenTelemetry SDK under it) is loaded by app.ts
 * only when `tracing.enabled`, and when it is off every hook on the request path is one `undefined`
 * check on `context.span` or `call.span`: no API call, not even a no-op span.
 */
export interface Tracing {
  /**
   * The SERVER span of one client request, continuing the caller's `traceparent` when it sent a valid
   * one; ends by itself when the response closes. Undefined for the paths not traced (health checks,
   * GET /metrics, the dashboard's files).
   */
  startRequest(request: IncomingMessage, response: ServerResponse, requestId: string, path: string): RequestSpan | undefined;
  /** Exports every span ended so far (tests, and before a planned stop). */
  flush(): Promise<void>;
  /** Flushes, then stops the exporter. */
  shutdown(): Promise<void>;
}

/** One client request's span; plain calls, each at most once per request, none of them per stream part. */
export interface RequestSpan {
  /** A CLIENT span for one upstream attempt, a child of this one. */
  attempt(details: AttemptDetails): AttemptSpan;
  /** What the request's log row says: model asked, key and team ids, deployment, cost, tokens, route reason, error. */
  settled(row: RequestLogRow): void;
  /** A failure answered with an error status (before or instead of routing: authentication, bad input…). */
  failed(error: { code: string; message: string }): void;
}

export interface AttemptDetails {
  operation: 'chat' | 'embeddings';
  /** The request as routed (for embeddings only its model): max_tokens and temperature are read from it, nothing else. */
  request: ChatRequest;
  deployment: Deployment;
  /** 1 for the first attempt sent for this request, then 2, 3… in the order they were sent. */
  number: number;
  /** Sent because the attempt before it was slow. */
  hedge: boolean;
  /** The model group this attempt's plan came from (a fallback group when it differs from the one asked). */
  group: string;
  /** The route so far: the last decision's strategy and reason name why this deployment. */
  trace: RouteTrace;
}

/** One upstream attempt's span: ended by exactly one of its methods (a stream's when the stream ends). */
export interface AttemptSpan {
  /** The W3C traceparent naming this span, sent upstream as the `traceparent` header. */
  readonly traceparent: string;
  result(result: ChatResult): void;
  embedded(result: EmbeddingResult): void;
  /** A stream's end; `cancelled` when the client left or a hedge lost (not the deployment's failure). */
  streamEnded(end: StreamEnd, cancelled: boolean): void;
  /** The attempt failed before an answer; `cancelled` as above. */
  failed(error: unknown, cancelled: boolean): void;
}
