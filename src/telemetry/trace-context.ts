import type { IncomingHttpHeaders } from 'node:http';
import { ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C Trace Context in and out, through OpenTelemetry's own propagator (used directly: nothing is
 * registered globally, so two apps in one process keep their traces apart).
 */
const propagator = new W3CTraceContextPropagator();

const HEADERS_GETTER = {
  get: (carrier: IncomingHttpHeaders, key: string) => carrier[key],
  keys: (carrier: IncomingHttpHeaders) => Object.keys(carrier),
};

/**
 * The context carrying the caller's span from its `traceparent` (and `tracestate`) headers; the root
 * context when there is none or it is malformed, so the gateway starts a trace of its own.
 */
export function callerContext(headers: IncomingHttpHeaders): Context {
  return propagator.extract(ROOT_CONTEXT, headers, HEADERS_GETTER);
}

/** The `traceparent` header naming `span`, for the upstream request it stands for. */
export function traceparentOf(span: Span): string {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (target, key, value) => void (target[key] = value) });
  return carrier['traceparent'] ?? '';
}
