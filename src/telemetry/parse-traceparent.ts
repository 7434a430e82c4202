import { createTraceState, type SpanContext } from '@opentelemetry/api';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';

/**
 * The caller's span from a W3C Trace Context `traceparent` header (and its `tracestate`), or undefined
 * when there is none or it is malformed: then the gateway starts a trace of its own, as the
 * recommendation says. A later version is read for its first four fields, as version 00 readers must.
 * Written out (a dozen lines) rather than taken from @opentelemetry/core, which this package does not
 * depend on directly.
 */
export function parseTraceparent(traceparent: string | string[] | undefined, tracestate: string | string[] | undefined): SpanContext | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  const state = Array.isArray(tracestate) ? tracestate.join(',') : tracestate;
  return {
    traceId,
    spanId,
    // Only the sampled bit has a meaning today; the others are kept off, as the recommendation says.
    traceFlags: Number.parseInt(flags, 16) & 1,
    isRemote: true,
    ...(state === undefined || state === '' ? {} : { traceState: createTraceState(state) }),
  };
}

/** The traceparent header naming a span: version 00. */
export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags & 1 ? '01' : '00'}`;
}
