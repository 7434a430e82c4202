import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Bytes → SSE events, parsed once here in the HTTP layer. Comment lines (`: keep-alive`,
 * `: OPENROUTER PROCESSING`) never reach the caller. Events are yielded in batches, one batch per
 * network read, which keeps the number of promise hops per chunk low.
 */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<EventSourceMessage[]> {
  const decoder = new TextDecoder();
  let batch: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => batch.push(event) });
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield ready;
    }
  }
  // A final event without the closing blank line still counts.
  parser.feed(decoder.decode() + '\n\n');
  if (batch.length > 0) yield batch;
}
