import type { FinishReason } from '../spec/finish-reason.js';
import type { GatewayError } from '../spec/gateway-error.js';
import type { PartStream, StreamPart } from '../spec/stream-part.js';
import type { Usage } from '../spec/usage.js';

export interface StreamEnd {
  /** Epoch ms of the first part a client sees as output; undefined when none came. */
  firstOutputAt: number | undefined;
  endedAt: number;
  /** The last usage the stream reported (running totals: the last counts). */
  usage: Usage | undefined;
  /** Output parts seen (a stand-in for tokens when the stream reports no usage). */
  outputParts: number;
  /** The stream's own error part, or undefined when it finished (or the consumer stopped early). */
  error: GatewayError | undefined;
  /** The consumer stopped before the end (the client went away). */
  abandoned: boolean;
  /** The model the upstream reported (its response-start part), and the finish part's reason: for the attempt's span. */
  responseModel: string | undefined;
  finishReason: FinishReason | undefined;
}

export type WatchedStream = { kind: 'ok'; parts: PartStream } | { kind: 'failed'; error: GatewayError };

/**
 * One pass over a provider's stream for the router. With `peek`, it first reads up to the first part a
 * client would see as output (text, reasoning, a tool call, a raw chunk, a finish); an error before
 * that point means nothing has reached the client, so the router may still fail over invisibly
 * ('failed'). Then it hands the stream on, and when the stream ends (finished, failed mid-way, or
 * abandoned by the consumer) calls `onEnd` once with what a health record needs. One generator layer:
 * a stream costs one extra async hop per upstream read, not one per part.
 */
export async function watchStream(parts: PartStream, peek: boolean, now: () => number, onEnd: (end: StreamEnd) => void): Promise<WatchedStream> {
  const iterator = parts[Symbol.asyncIterator]();
  const state: StreamEnd = { firstOutputAt: undefined, endedAt: 0, usage: undefined, outputParts: 0, error: undefined, abandoned: false, responseModel: undefined, finishReason: undefined };
  const buffered: StreamPart[][] = [];
  if (peek) {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      buffered.push(next.value);
      observe(next.value, state, now);
      if (state.error !== undefined) {
        await iterator.return?.();
        return { kind: 'failed', error: state.error };
      }
      if (state.firstOutputAt !== undefined) break;
    }
  }
  return { kind: 'ok', parts: relay(buffered, iterator, state, now, onEnd) };
}

async function* relay(
  buffered: StreamPart[][],
  iterator: AsyncIterator<StreamPart[]>,
  state: StreamEnd,
  now: () => number,
  onEnd: (end: StreamEnd) => void,
): AsyncGenerator<StreamPart[]> {
  let finished = false;
  try {
    yield* buffered;
    buffered.length = 0;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      observe(next.value, state, now);
      yield next.value;
    }
    finished = true;
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    if (!finished) {
      state.abandoned = true;
      await iterator.return?.();
    }
    state.endedAt = now();
    onEnd(state);
  }
}

function observe(batch: StreamPart[], state: StreamEnd, now: () => number): void {
  for (const part of batch) {
    switch (part.type) {
      case 'response-start':
        state.responseModel = part.model;
        break;
      case 'usage':
        state.usage = part.usage;
        break;
      case 'error':
        state.error = part.error;
        break;
      case 'finish':
        state.finishReason = part.reason;
        state.outputParts++;
        state.firstOutputAt ??= now();
        break;
      default:
        state.outputParts++;
        state.firstOutputAt ??= now();
    }
  }
}
