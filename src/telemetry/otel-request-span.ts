import { SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import type { ServerResponse } from 'node:http';
import type { RequestLogRow } from '../store/store-port.js';
import { OtelAttemptSpan } from './otel-attempt-span.js';
import type { AttemptDetails, AttemptSpan, RequestSpan } from './tracing.js';

/**
 * One client request as a SERVER span (HTTP semantic conventions: method, route, status) with what
 * the request log knows under `skyroute.` (request id, model asked, key and team ids, deployment,
 * cost, route reason). Its attempts are its children. It ends when the response closes, whatever
 * happened before: answered, refused, failed mid-stream or left by the client.
 */
export class OtelRequestSpan implements RequestSpan {
  /** error.type once known: the request's error code. */
  private errorType: string | undefined;
  /** A failure the status code does not show (a stream that failed after its 200). */
  private failedAfterStatus = false;

  constructor(
    private readonly tracer: Tracer,
    private readonly span: Span,
  ) {}

  attempt(details: AttemptDetails): AttemptSpan {
    return new OtelAttemptSpan(this.tracer, this.span, details);
  }

  settled(row: RequestLogRow): void {
    // A span the sampler left out records nothing: build nothing for it.
    if (!this.span.isRecording()) return;
    const attributes: Attributes = {
      'skyroute.endpoint': row.endpoint,
      'skyroute.model': row.model,
      'skyroute.stream': row.stream,
      'skyroute.attempts': row.attempts,
      'skyroute.cost_usd': row.costNusd / 1e9,
    };
    if (row.keyId !== undefined) attributes['skyroute.key_id'] = row.keyId;
    if (row.teamId !== undefined) attributes['skyroute.team_id'] = row.teamId;
    if (row.deployment !== undefined) attributes['skyroute.deployment'] = row.deployment;
    if (row.provider !== undefined) attributes['skyroute.provider'] = row.provider;
    if (row.routeReason !== undefined) attributes['skyroute.route_reason'] = row.routeReason;
    if (row.category !== undefined) attributes['skyroute.category'] = row.category;
    this.span.setAttributes(attributes);
    if (row.errorCode !== undefined) {
      this.errorType = row.errorCode;
      // The row says 200 for a stream that failed after it began: the status line cannot show that failure.
      if (row.status === 200) this.failedAfterStatus = true;
    }
  }

  failed(error: { code: string }): void {
    this.errorType ??= error.code;
  }

  /** The response closed: its status, and whether the client left before the end. */
  end(response: ServerResponse): void {
    if (!this.span.isRecording()) {
      this.span.end();
      return;
    }
    // A client that left before the answer began got no status at all (the request log says 499).
    const status = response.headersSent ? response.statusCode : 0;
    const attributes: Attributes = {};
    if (status !== 0) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
    if (!response.writableFinished) attributes['skyroute.client_disconnected'] = true;
    const errorType = this.errorType ?? (status >= 400 ? String(status) : undefined);
    if (errorType !== undefined) attributes[ATTR_ERROR_TYPE] = errorType;
    this.span.setAttributes(attributes);
    // A server span is in error for a 5xx, not for the client's own mistakes (HTTP semantic conventions).
    if (status >= 500 || this.failedAfterStatus) this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
    this.span.end();
  }
}
