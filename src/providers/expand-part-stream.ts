import type { PartStream, StreamPart } from '../spec/stream-part.js';
import { expandRawEvents } from './openai-compatible/expand-raw-events.js';
import { createChunkState } from './openai-compatible/openai-chunk-to-parts.js';

/**
 * A part stream with every `raw-events` part replaced by the parts it stands for: for consumers other
 * than the OpenAI ingress (the Anthropic ingress, result collection). Batches without raw events pass
 * through as they are.
 */
export async function* expandPartStream(parts: PartStream): AsyncGenerator<StreamPart[]> {
  // The decoder already emitted response-start before any raw span.
  const state = createChunkState();
  state.started = true;
  for await (const batch of parts) {
    if (!batch.some((part) => part.type === 'raw-events')) {
      yield batch;
      continue;
    }
    const expanded: StreamPart[] = [];
    for (const part of batch) {
      if (part.type === 'raw-events') expandRawEvents(part.binary, state, expanded);
      else expanded.push(part);
    }
    if (expanded.length > 0) yield expanded;
  }
}
