import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseEvent {
  /** The `event:` name; undefined when the event had none. */
  event: string | undefined;
  data: string;
}

/**
 * Bytes of a `text/event-stream` body → its events, one batch per network read (never empty), so
 * a consumer pays one async hop per read. Comments (`: keep-alive`) and retry fields are dropped;
 * CRLF and LF line ends are both accepted; multi-byte characters split across reads are kept whole.
 */
export async function* decodeSseEvents(chunks: AsyncIterable<Buffer>): AsyncGenerator<SseEvent[]> {
  let batch: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      batch.push({ event: message.event, data: message.data });
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield ready;
    }
  }
  parser.feed(`${decoder.decode()}\n\n`);
  if (batch.length > 0) yield batch;
}
