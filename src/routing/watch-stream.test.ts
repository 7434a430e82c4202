import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../spec/gateway-error.js';
import type { PartStream, StreamPart } from '../spec/stream-part.js';
import { emptyUsage, type Usage } from '../spec/usage.js';
import { watchStream, type StreamEnd, type WatchedStream } from './watch-stream.js';

const START_AT = 1_700_000_000_000;
/** Each upstream read takes this long on the test clock. */
const READ_MS = 10;

const responseStart: StreamPart = { type: 'response-start', id: 'chatcmpl-1', model: 'model', created: 1 };
const finish: StreamPart = { type: 'finish', reason: 'stop' };

function text(value: string): StreamPart {
  return { type: 'text-delta', text: value };
}

function usage(inputTokens: number, outputTokens: number): StreamPart {
  return { type: 'usage', usage: { ...emptyUsage(), inputTokens, outputTokens } };
}

function errorPart(error: GatewayError): StreamPart {
  return { type: 'error', error };
}

function manualClock(): { now: () => number; advance: (milliseconds: number) => void } {
  let time = START_AT;
  return { now: () => time, advance: (milliseconds) => void (time += milliseconds) };
}

/**
 * A provider's stream: one batch per read, each read advancing the clock; counts reads and returns,
 * and can fail (throw) on a given read instead of answering.
 */
function upstream(batches: StreamPart[][], clock: { advance: (milliseconds: number) => void }, throwOnRead?: { read: number; error: unknown }) {
  const log = { reads: 0, returns: 0 };
  let position = 0;
  const iterator: AsyncIterator<StreamPart[]> = {
    async next() {
      log.reads++;
      clock.advance(READ_MS);
      if (throwOnRead !== undefined && log.reads === throwOnRead.read) throw throwOnRead.error;
      if (position < batches.length) return { done: false, value: batches[position++]! };
      return { done: true, value: undefined };
    },
    async return() {
      log.returns++;
      position = batches.length;
      return { done: true, value: undefined };
    },
  };
  const parts: PartStream = { [Symbol.asyncIterator]: () => iterator };
  return { parts, log };
}

function endRecorder() {
  const ends: StreamEnd[] = [];
  return { ends, onEnd: (end: StreamEnd) => void ends.push({ ...end }) };
}

/** The relayed stream of a watch that must have succeeded. */
function partsOf(watched: WatchedStream): PartStream {
  assert.equal(watched.kind, 'ok', 'expected the watch to succeed');
  return (watched as Extract<WatchedStream, { kind: 'ok' }>).parts;
}

async function drain(parts: PartStream): Promise<StreamPart[][]> {
  const seen: StreamPart[][] = [];
  for await (const batch of parts) seen.push(batch);
  return seen;
}

test('a peek reads up to the batch with the first output part and no further; the consumer then gets every batch', async () => {
  const clock = manualClock();
  const batches = [[responseStart], [usage(12, 0)], [text('Hel')], [text('lo')], [finish, usage(12, 2)]];
  const source = upstream(batches, clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  assert.equal(watched.kind, 'ok');
  assert.equal(source.log.reads, 3, 'stopped at the first text delta');
  assert.deepEqual(recorder.ends, [], 'not ended yet');
  assert.deepEqual(await drain(partsOf(watched)), batches);
});

test('reasoning, refusals, tool calls, raw events and a finish each count as the first output', async () => {
  const firsts: StreamPart[] = [
    { type: 'reasoning-delta', text: 'thinking' },
    { type: 'refusal-delta', text: 'no' },
    { type: 'tool-call-start', index: 0, id: 'call_1', name: 'lookup' },
    { type: 'raw-events', binary: 'data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n' },
    finish,
  ];
  for (const first of firsts) {
    const clock = manualClock();
    const source = upstream([[responseStart], [first], [text('more')]], clock);
    await watchStream(source.parts, true, clock.now, () => {});
    assert.equal(source.log.reads, 2, first.type);
  }
});

test('without a peek nothing is read until the consumer asks', async () => {
  const clock = manualClock();
  const source = upstream([[text('hi')], [finish]], clock);
  const watched = await watchStream(source.parts, false, clock.now, () => {});
  assert.equal(watched.kind, 'ok');
  assert.equal(source.log.reads, 0);
  assert.deepEqual(await drain(partsOf(watched)), [[text('hi')], [finish]]);
});

test('an error before any output: failed with that error, the source returned, and no end reported', async () => {
  const clock = manualClock();
  const overloaded = new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', 'overloaded', { upstreamStatus: 529 });
  const source = upstream([[responseStart], [usage(5, 0), errorPart(overloaded)], [text('never read')]], clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  assert.deepEqual(watched, { kind: 'failed', error: overloaded });
  assert.equal(source.log.returns, 1, 'the upstream request is let go');
  assert.equal(source.log.reads, 2);
  assert.deepEqual(recorder.ends, [], 'the router ends a failed attempt itself');
});

test('an error in the same batch as the first output still fails over: nothing reached the client', async () => {
  const clock = manualClock();
  const cut = new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', 'cut off');
  const source = upstream([[text('partial'), errorPart(cut)]], clock);
  const watched = await watchStream(source.parts, true, clock.now, () => {});
  assert.deepEqual(watched, { kind: 'failed', error: cut });
  assert.equal(source.log.returns, 1);
});

test('an error after output is relayed to the consumer, and the end reports it', async () => {
  const clock = manualClock();
  const cut = new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', 'cut off', { provider: 'alpha' });
  const batches = [[responseStart, text('Hel')], [text('lo')], [errorPart(cut)]];
  const source = upstream(batches, clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  assert.equal(watched.kind, 'ok');
  assert.deepEqual(await drain(partsOf(watched)), batches);
  assert.equal(recorder.ends.length, 1);
  assert.equal(recorder.ends[0]!.error, cut);
  assert.equal(recorder.ends[0]!.abandoned, false);
  assert.equal(recorder.ends[0]!.outputParts, 2);
});

test('the end records the first output\'s time, the last usage, the output parts and when it ended', async () => {
  const clock = manualClock();
  const final: Usage = { ...emptyUsage(), inputTokens: 12, outputTokens: 3 };
  const source = upstream([[responseStart], [usage(12, 0)], [text('a')], [text('b'), text('c')], [finish], [{ type: 'usage', usage: final }]], clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  clock.advance(1_000);
  await drain(partsOf(watched));
  assert.deepEqual(recorder.ends, [
    {
      firstOutputAt: START_AT + 3 * READ_MS,
      endedAt: START_AT + 1_000 + 7 * READ_MS,
      usage: final,
      outputParts: 4,
      error: undefined,
      abandoned: false,
      responseModel: 'model',
      finishReason: 'stop',
    },
  ]);
  assert.equal(source.log.returns, 0, 'a finished stream needs no return');
});

test('without a peek the first output is timed when the consumer reads it', async () => {
  const clock = manualClock();
  const source = upstream([[responseStart], [text('a')]], clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, false, clock.now, recorder.onEnd);
  clock.advance(500);
  await drain(partsOf(watched));
  assert.equal(recorder.ends[0]!.firstOutputAt, START_AT + 500 + 2 * READ_MS);
});

test('a stream that ends before any output is ok, with no first output time', async () => {
  const clock = manualClock();
  const source = upstream([[responseStart], [usage(3, 0)]], clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  assert.equal(watched.kind, 'ok');
  assert.deepEqual(await drain(partsOf(watched)), [[responseStart], [usage(3, 0)]]);
  assert.equal(recorder.ends.length, 1);
  assert.equal(recorder.ends[0]!.firstOutputAt, undefined);
  assert.equal(recorder.ends[0]!.outputParts, 0);
});

test('a consumer that stops while reading live batches: abandoned, the source returned, one end', async () => {
  const clock = manualClock();
  const source = upstream([[responseStart, text('a')], [text('b')], [text('c')], [finish]], clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  let read = 0;
  for await (const batch of partsOf(watched)) {
    assert.ok(batch.length > 0);
    if (++read === 2) break;
  }
  assert.equal(source.log.returns, 1);
  assert.equal(recorder.ends.length, 1);
  assert.equal(recorder.ends[0]!.abandoned, true);
  assert.equal(recorder.ends[0]!.error, undefined);
  assert.equal(recorder.ends[0]!.outputParts, 2);
});

test('a consumer that stops while still reading the peeked batches: abandoned, the source returned, one end', async () => {
  const clock = manualClock();
  const source = upstream([[responseStart], [text('a')], [text('b')]], clock);
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  for await (const batch of partsOf(watched)) {
    assert.deepEqual(batch, [responseStart]);
    break;
  }
  assert.equal(source.log.returns, 1);
  assert.equal(source.log.reads, 2, 'nothing read past the peek');
  assert.equal(recorder.ends.length, 1);
  assert.equal(recorder.ends[0]!.abandoned, true);
});

test('a source that throws after output (the client went away) passes the throw on and still reports one end', async () => {
  const clock = manualClock();
  const gone = new Error('the client closed the connection');
  const source = upstream([[text('a')], [text('b')], [finish]], clock, { read: 2, error: gone });
  const recorder = endRecorder();
  const watched = await watchStream(source.parts, true, clock.now, recorder.onEnd);
  await assert.rejects(drain(partsOf(watched)), (error) => error === gone);
  assert.equal(recorder.ends.length, 1);
  assert.equal(recorder.ends[0]!.abandoned, false);
  assert.equal(recorder.ends[0]!.error, undefined, 'not the stream\'s own error part');
});

test('a source that throws during the peek rejects the watch', async () => {
  const clock = manualClock();
  const gone = new Error('aborted');
  const source = upstream([[responseStart], [text('a')]], clock, { read: 1, error: gone });
  const recorder = endRecorder();
  await assert.rejects(watchStream(source.parts, true, clock.now, recorder.onEnd), (error) => error === gone);
  assert.deepEqual(recorder.ends, []);
});
