import type { ErrorPart, PartStream, StreamPart } from '../spec/stream-part.js';

export type PeekedStream = { kind: 'ok'; parts: PartStream } | { kind: 'failed'; error: ErrorPart['error'] };

/**
 * Reads a stream up to its first part that a client would see as output (text, reasoning, a tool
 * call, a raw chunk, a finish). An error before that point means nothing has reached the client
 * yet, so the router may still try another deployment without the client noticing.
 */
export async function peekStream(parts: PartStream): Promise<PeekedStream> {
  const iterator = parts[Symbol.asyncIterator]();
  const buffered: StreamPart[][] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return { kind: 'ok', parts: replay(buffered, iterator) };
    const batch = next.value;
    for (const part of batch) {
      if (part.type === 'error') {
        await iterator.return?.();
        return { kind: 'failed', error: part.error };
      }
      if (part.type !== 'response-start' && part.type !== 'usage') {
        buffered.push(batch);
        return { kind: 'ok', parts: replay(buffered, iterator) };
      }
    }
    buffered.push(batch);
  }
}

async function* replay(buffered: StreamPart[][], iterator: AsyncIterator<StreamPart[]>): AsyncGenerator<StreamPart[]> {
  try {
    yield* buffered;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
