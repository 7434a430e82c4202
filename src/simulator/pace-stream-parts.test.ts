import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { paceStreamParts, type StreamPartSink } from './pace-stream-parts.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

const makeParts = (count: number): SimulatedStreamPart[] => Array.from({ length: count }, (_, index) => ({ type: 'text-delta', text: ` w${index}` }));

/** A sink that logs what happens and whose socket is "full" when the test says so. */
function recordingSink(options: { fullAfterEachWrite?: boolean; socketFull?: () => boolean } = {}) {
  const events: string[] = [];
  const writeTimes: number[] = [];
  let resume: (() => void) | undefined;
  const sink: StreamPartSink = {
    write(part) {
      events.push(`write${part.type === 'text-delta' ? part.text : ''}`);
      writeTimes.push(performance.now());
      return options.fullAfterEachWrite ?? false;
    },
    flush() {
      events.push('flush');
      return !(options.socketFull?.() ?? false);
    },
    onDrain(callback) {
      events.push('wait-drain');
      resume = callback;
    },
    finish() {
      events.push('finish');
    },
    fail(mode) {
      events.push(`fail:${mode}`);
    },
  };
  return { sink, events, writeTimes, drain: () => resume?.() };
}

const noop = (): void => undefined;

describe('paceStreamParts', () => {
  it('writes everything synchronously, with no timer, when there is no delay', () => {
    const { sink, events } = recordingSink();
    let done = 0;
    paceStreamParts({ parts: makeParts(3), firstTokenDelayMs: 0, tokensPerSecond: Infinity, midStreamFailure: undefined, sink, onPartWritten: noop, onDone: () => done++ });
    assert.deepEqual(events, ['write w0', 'write w1', 'write w2', 'finish']);
    assert.equal(done, 1);
  });

  it('stops at a full socket and goes on only after it drains', async () => {
    let full = true;
    const { sink, events, drain } = recordingSink({ fullAfterEachWrite: true, socketFull: () => full });
    let written = 0;
    paceStreamParts({ parts: makeParts(4), firstTokenDelayMs: 0, tokensPerSecond: 0, midStreamFailure: undefined, sink, onPartWritten: () => written++, onDone: noop });
    await sleep(50);
    assert.deepEqual(events, ['write w0', 'flush', 'wait-drain']);
    assert.equal(written, 1, 'nothing is generated while the socket is full');
    full = false;
    drain();
    assert.deepEqual(events.slice(3), ['write w1', 'flush', 'write w2', 'flush', 'write w3', 'flush', 'finish']);
    assert.equal(written, 4);
  });

  it('paces tokens on the clock, in order', async () => {
    const { sink, events, writeTimes } = recordingSink();
    const started = performance.now();
    await new Promise<void>((resolve) =>
      paceStreamParts({ parts: makeParts(5), firstTokenDelayMs: 30, tokensPerSecond: 100, midStreamFailure: undefined, sink, onPartWritten: noop, onDone: resolve }),
    );
    assert.deepEqual(
      events.filter((event) => event.startsWith('write')),
      ['write w0', 'write w1', 'write w2', 'write w3', 'write w4'],
    );
    assert.equal(events.at(-1), 'finish');
    // Loose lower bounds only: 30 ms to the first token, 10 ms per token after it.
    assert.ok((writeTimes[0] ?? 0) - started >= 25);
    assert.ok((writeTimes[4] ?? 0) - started >= 25 + 35);
  });

  it('stops for good when cancelled', async () => {
    const { sink, events } = recordingSink();
    let written = 0;
    const cancel = paceStreamParts({ parts: makeParts(100), firstTokenDelayMs: 0, tokensPerSecond: 50, midStreamFailure: undefined, sink, onPartWritten: () => written++, onDone: noop });
    await sleep(60);
    cancel();
    const atCancel = written;
    assert.ok(atCancel >= 1 && atCancel < 100);
    await sleep(150);
    assert.equal(written, atCancel);
    assert.ok(!events.includes('finish'));
  });

  it('breaks after K parts instead of finishing', () => {
    const { sink, events } = recordingSink();
    paceStreamParts({ parts: makeParts(6), firstTokenDelayMs: 0, tokensPerSecond: 0, midStreamFailure: { afterParts: 2, mode: 'cut' }, sink, onPartWritten: noop, onDone: noop });
    assert.deepEqual(events, ['write w0', 'write w1', 'fail:cut']);
    const late = recordingSink();
    paceStreamParts({ parts: makeParts(2), firstTokenDelayMs: 0, tokensPerSecond: 0, midStreamFailure: { afterParts: 9, mode: 'error-event' }, sink: late.sink, onPartWritten: noop, onDone: noop });
    assert.deepEqual(late.events, ['write w0', 'write w1', 'fail:error-event'], 'K beyond the answer fails at its end');
  });
});
