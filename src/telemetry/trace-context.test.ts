import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { trace, type SpanContext } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { callerContext, traceparentOf } from './trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

function caller(headers: IncomingHttpHeaders): SpanContext | undefined {
  return trace.getSpanContext(callerContext(headers));
}

test('a version 00 traceparent gives the remote span context, sampled flag and all', () => {
  const context = caller({ traceparent: `00-${TRACE}-${SPAN}-01` });
  assert.deepEqual(context, { traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
  assert.equal(caller({ traceparent: `00-${TRACE}-${SPAN}-00` })?.traceFlags, 0);
});

test('tracestate travels with it', () => {
  const context = caller({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'vendor=one,other=two' });
  assert.equal(context?.traceState?.serialize(), 'vendor=one,other=two');
});

test('malformed or invalid headers are ignored', () => {
  for (const header of [
    undefined,
    '',
    `00-${TRACE}-${SPAN}`,
    `00-${TRACE.toUpperCase()}-${SPAN}-01`,
    `00-${'0'.repeat(32)}-${SPAN}-01`,
    `00-${TRACE}-${'0'.repeat(16)}-01`,
    `ff-${TRACE}-${SPAN}-01`,
    `00-${TRACE}-${SPAN}-01-extra`,
    // Node joins a repeated header with ", ": two traceparents are no valid one.
    `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`,
  ]) {
    assert.equal(caller(header === undefined ? {} : { traceparent: header }), undefined, String(header));
  }
});

test('a later version is read for its first four fields', () => {
  const flags = caller({ traceparent: `01-${TRACE}-${SPAN}-03-whatever` })?.traceFlags;
  assert.ok(flags !== undefined);
  // The sampled bit is what counts (the sampler reads only it).
  assert.equal(flags & 1, 1);
});

test('traceparentOf writes version 00 for a span', () => {
  const tracer = new BasicTracerProvider().getTracer('test');
  const span = tracer.startSpan('attempt');
  const { traceId, spanId } = span.spanContext();
  assert.equal(traceparentOf(span), `00-${traceId}-${spanId}-01`);
  span.end();
});
