import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTraceparent, parseTraceparent } from './parse-traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

test('a version 00 traceparent gives the remote span context, sampled flag and all', () => {
  const context = parseTraceparent(`00-${TRACE}-${SPAN}-01`, undefined);
  assert.deepEqual(context, { traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
  assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-00`, undefined)?.traceFlags, 0);
});

test('tracestate travels with it', () => {
  const context = parseTraceparent(`00-${TRACE}-${SPAN}-01`, ['vendor=one', 'other=two']);
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
    [`00-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-01`],
  ]) {
    assert.equal(parseTraceparent(header, undefined), undefined, String(header));
  }
});

test('a later version is read for its first four fields', () => {
  assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-03-whatever`, undefined)?.traceFlags, 1);
});

test('formatTraceparent writes version 00', () => {
  assert.equal(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 1 }), `00-${TRACE}-${SPAN}-01`);
  assert.equal(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 0 }), `00-${TRACE}-${SPAN}-00`);
});
