import type { ServerResponse } from 'node:http';
import type { ModelRuntime } from './create-model-runtime.js';
import type { SimulatorState } from './create-simulator-state.js';
import type { RequestFate } from './decide-request-fate.js';
import { paceStreamParts, type StreamPartSink } from './pace-stream-parts.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';
import { trackGeneration } from './track-generation.js';

/** A wire's stream encoder: the pacer's sink plus a way to send the headers before the first part. */
export interface SimCompletionSink extends StreamPartSink {
  /** Sends the headers now, as a provider does before its first token arrives. */
  open(): void;
}

/**
 * Streams a planned answer through a wire's sink on the profile's clock, the same for every wire:
 * a paced stream shows its headers at once and is tracked (client disconnects cancel it); an
 * unpaced one is written in one go without a timer.
 */
export function streamSimCompletion(
  state: SimulatorState,
  response: ServerResponse,
  runtime: ModelRuntime,
  parts: readonly SimulatedStreamPart[],
  fate: RequestFate,
  sink: SimCompletionSink,
): void {
  const { tokensPerSecond } = runtime.profile;
  const paced = fate.firstTokenDelayMs > 0 || (tokensPerSecond > 0 && Number.isFinite(tokensPerSecond));
  if (paced) sink.open();
  if (fate.midStreamFailure) state.stats.midStreamFailures++;
  const generation = paced ? trackGeneration(state, response) : undefined;
  const cancel = paceStreamParts({
    parts,
    firstTokenDelayMs: fate.firstTokenDelayMs,
    tokensPerSecond,
    midStreamFailure: fate.midStreamFailure,
    sink,
    onPartWritten: () => state.stats.partsWritten++,
    onDone: () => {
      state.stats.completed++;
      generation?.done();
    },
  });
  generation?.setCancel(cancel);
}

/**
 * Sends a non-streaming answer once the whole generation would have taken (time to first token
 * plus one interval per completion token); `write` puts the bytes on the wire.
 */
export function answerSimCompletionAtOnce(
  state: SimulatorState,
  response: ServerResponse,
  runtime: ModelRuntime,
  completionTokens: number,
  fate: RequestFate,
  write: () => void,
): void {
  const { tokensPerSecond } = runtime.profile;
  const send = (): void => {
    state.stats.completed++;
    state.stats.partsWritten += completionTokens;
    write();
  };
  const generationMs = tokensPerSecond > 0 && Number.isFinite(tokensPerSecond) ? (completionTokens * 1000) / tokensPerSecond : 0;
  const delay = fate.firstTokenDelayMs + generationMs;
  if (delay <= 0) return send();
  const generation = trackGeneration(state, response);
  const timer = setTimeout(() => {
    generation.done();
    send();
  }, delay);
  generation.setCancel(() => clearTimeout(timer));
}
