import type { MidStreamFailure } from './decide-request-fate.js';
import type { MidStreamFailureMode } from './model-profile.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

/** Where paced parts go. The wire encoder implements it; the pacer knows nothing of bytes. */
export interface StreamPartSink {
  /** Buffers one part; true means enough is buffered that it should be flushed before more. */
  write(part: SimulatedStreamPart): boolean;
  /** Sends what was buffered in one socket write; false means the socket buffer is full. */
  flush(): boolean;
  /** Calls `resume` once the socket buffer has drained. */
  onDrain(resume: () => void): void;
  /** Ends the stream normally (finish chunk, usage, terminator), buffered parts first. */
  finish(): void;
  /** Breaks the stream the way the profile asked, buffered parts first. */
  fail(mode: MidStreamFailureMode): void;
}

export interface PaceOptions {
  parts: readonly SimulatedStreamPart[];
  firstTokenDelayMs: number;
  /** 0 or Infinity: no pacing at all. */
  tokensPerSecond: number;
  midStreamFailure: MidStreamFailure | undefined;
  sink: StreamPartSink;
  /** Called once per part written (the simulator counts them to prove a disconnect stops generation). */
  onPartWritten(): void;
  /** Called when the stream ended one way or the other (not when cancelled). */
  onDone(): void;
}

/**
 * Writes parts on a real clock: the first after `firstTokenDelayMs`, then one every
 * 1000/tokensPerSecond ms. Parts that are due together (fast models, late timers) leave in one
 * socket write, up to the sink's buffer size. A full socket pauses generation until it drains. Returns a cancel function that stops
 * everything at once (client disconnect, simulator close).
 */
export function paceStreamParts(options: PaceOptions): () => void {
  const { parts, sink, midStreamFailure } = options;
  const interval =
    options.tokensPerSecond > 0 && Number.isFinite(options.tokensPerSecond) ? 1000 / options.tokensPerSecond : 0;
  const failAt = midStreamFailure ? Math.min(midStreamFailure.afterParts, parts.length) : -1;
  const startedAt = performance.now();
  let next = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const pump = (): void => {
    timer = undefined;
    if (stopped) return;
    const elapsed = performance.now() - startedAt - options.firstTokenDelayMs;
    const due = interval === 0 ? parts.length : Math.min(parts.length, Math.floor(elapsed / interval) + 1);
    while (next < due && next !== failAt) {
      const full = sink.write(parts[next++] as SimulatedStreamPart);
      options.onPartWritten();
      // Backpressure per socket buffer, not per tick: a very fast model has everything due at once.
      if (full && !sink.flush()) {
        sink.onDrain(pump);
        return;
      }
    }
    if (next === failAt) {
      stopped = true;
      sink.fail((midStreamFailure as MidStreamFailure).mode);
      options.onDone();
    } else if (next === parts.length) {
      stopped = true;
      sink.finish();
      options.onDone();
    } else if (!sink.flush()) {
      sink.onDrain(pump);
    } else {
      const wait = startedAt + options.firstTokenDelayMs + next * interval - performance.now();
      timer = setTimeout(pump, Math.max(0, wait));
    }
  };

  // No delay at all: write everything now, in one go, without touching a timer.
  if (options.firstTokenDelayMs <= 0 && interval === 0) pump();
  else timer = setTimeout(pump, Math.max(0, options.firstTokenDelayMs));

  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
