import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { endStreamWithFailure } from '../shared/end-stream-with-failure.js';
import { mapBedrockStreamException } from './bedrock-error.js';
import { bedrockEventToParts, createBedrockStreamState, type BedrockStreamState } from './bedrock-event-to-parts.js';
import type { BedrockStreamEvent } from './bedrock-wire.js';

export interface DecodeBedrockStreamOptions {
  provider: string;
  /** Bedrock's request id (the x-amzn-requestid header), used as the response id. */
  id: string;
  model: string;
  jsonTool: string | undefined;
}

/** A frame is at least its prelude (12 bytes) and message CRC (4); Bedrock frames stay far below the cap. */
const MINIMUM_FRAME_BYTES = 16;
const MAXIMUM_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * The body of a ConverseStream response (`application/vnd.amazon.eventstream`) → canonical parts,
 * one batch per network read. Frames are cut out of a byte buffer by the length in their prelude (a
 * frame may span reads, and one read may hold several) and decoded, CRCs checked, by Smithy's
 * EventStreamCodec. `:message-type` event frames are translated by bedrockEventToParts; exception
 * and error frames become an error part that ends the stream. A body that ends inside a frame or
 * before `messageStop` is reported as a cut-off stream.
 */
export async function* decodeBedrockStream(body: AsyncIterable<Uint8Array>, options: DecodeBedrockStreamOptions): AsyncGenerator<StreamPart[]> {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const state = createBedrockStreamState(options.id, options.model, options.jsonTool);
  let pending: Buffer = Buffer.alloc(0);
  let parts: StreamPart[] = [];
  try {
    for await (const chunk of body) {
      pending = pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([pending, chunk]);
      let offset = 0;
      while (pending.length - offset >= 4) {
        const length = pending.readUInt32BE(offset);
        if (length < MINIMUM_FRAME_BYTES || length > MAXIMUM_FRAME_BYTES) throw invalid(options.provider, `a frame claims ${length} bytes`);
        if (pending.length - offset < length) break;
        const ended = handleFrame(codec, pending.subarray(offset, offset + length), state, options, parts);
        offset += length;
        if (ended) {
          yield parts;
          return;
        }
      }
      // Keep only the unread tail (copied, so the rest of the read can be freed).
      pending = offset === 0 ? pending : Buffer.from(pending.subarray(offset));
      if (parts.length > 0) {
        yield parts;
        parts = [];
      }
    }
    if (pending.length > 0) throw cutOff(options.provider, `the body ended inside a frame (${pending.length} bytes left over)`);
    if (!state.finished) throw cutOff(options.provider, 'the stream ended before its messageStop event');
  } catch (error) {
    yield* endStreamWithFailure(error, parts);
    return;
  }
  if (parts.length > 0) yield parts;
}

/** One whole frame. Returns true when it ended the stream (an exception or error frame). */
function handleFrame(
  codec: EventStreamCodec,
  frame: Buffer,
  state: BedrockStreamState,
  options: DecodeBedrockStreamOptions,
  parts: StreamPart[],
): boolean {
  let message: ReturnType<EventStreamCodec['decode']>;
  try {
    message = codec.decode(frame);
  } catch (error) {
    throw invalid(options.provider, (error as Error).message);
  }
  const header = (name: string): string | undefined => {
    const value = message.headers[name];
    return value?.type === 'string' ? value.value : undefined;
  };
  const messageType = header(':message-type');
  const payload = toUtf8(message.body);
  if (messageType === 'exception') {
    parts.push({ type: 'error', error: mapBedrockStreamException(options.provider, header(':exception-type') ?? 'internalServerException', payload) });
    return true;
  }
  if (messageType === 'error') {
    const code = header(':error-code') ?? 'InternalServerException';
    parts.push({ type: 'error', error: mapBedrockStreamException(options.provider, code, JSON.stringify({ message: header(':error-message') ?? payload })) });
    return true;
  }
  const eventType = header(':event-type');
  if (messageType !== 'event' || eventType === undefined) return false;
  let event: BedrockStreamEvent;
  try {
    event = JSON.parse(payload) as BedrockStreamEvent;
  } catch {
    throw invalid(options.provider, `the ${eventType} event is not JSON: ${payload.slice(0, 200)}`);
  }
  bedrockEventToParts(eventType, event ?? {}, state, parts);
  return false;
}

function invalid(provider: string, why: string): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: the event stream is malformed: ${why}`, { provider });
}

function cutOff(provider: string, why: string): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${provider}: ${why}`, { provider });
}
