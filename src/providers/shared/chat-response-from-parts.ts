import type { PartStream, StreamPart } from '../../spec/stream-part.js';
import { collectChatResult } from '../collect-chat-result.js';
import type { ChatResponse } from '../provider.js';

/**
 * A whole answer read from one JSON body, as chat() gives it back: collected into a result for a
 * non-streaming request, or served as a one-batch stream when the request asked for a stream (an
 * upstream that answered a stream request with one body).
 */
export async function chatResponseFromParts(parts: StreamPart[], stream: boolean, model: string): Promise<ChatResponse> {
  if (stream) return { kind: 'stream', parts: once(parts) };
  return { kind: 'result', result: await collectChatResult(once(parts), model) };
}

async function* once(parts: StreamPart[]): PartStream {
  yield parts;
}
