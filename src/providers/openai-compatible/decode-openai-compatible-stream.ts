import type { EventSourceMessage } from 'eventsource-parser';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UsageQuirks } from './map-openai-usage.js';
import { createChunkState, openAIChunkToParts } from './openai-chunk-to-parts.js';
import { mapOpenAICompatibleStreamError } from './openai-compatible-error.js';

export interface DecodeOptions {
  provider: string;
  /** The service's chunks are plain OpenAI chunks that may be forwarded verbatim (see RawChunkPart). */
  rawChunks: boolean;
  usageQuirks?: UsageQuirks;
  /** Maps an exception thrown while reading the body (socket reset, idle timeout) to an error. */
  mapReadError: (error: unknown) => unknown;
}

/**
 * SSE events of an OpenAI-compatible stream → canonical parts. Ends after `[DONE]`, after an error
 * event, or at the end of the body. A chunk that is not JSON becomes an error part, not a crash.
 */
export async function* decodeOpenAICompatibleStream(
  batches: AsyncIterable<EventSourceMessage[]>,
  options: DecodeOptions,
): AsyncGenerator<StreamPart> {
  const state = createChunkState(options.usageQuirks);
  const parts: StreamPart[] = [];
  try {
    for await (const events of batches) {
      for (const event of events) {
        const data = event.data;
        if (data === '[DONE]') {
          yield* drain(parts);
          return;
        }
        if (data === '') continue;
        if (options.rawChunks && state.started && isPlainDelta(data)) {
          parts.push({ type: 'raw-chunk', data });
          continue;
        }
        let chunk: Record<string, unknown>;
        try {
          chunk = JSON.parse(data) as Record<string, unknown>;
        } catch {
          yield* drain(parts);
          yield errorPart(new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${options.provider}: the stream sent a chunk that is not JSON: ${data.slice(0, 200)}`, { provider: options.provider }));
          return;
        }
        if (event.event === 'error' || (chunk.error !== undefined && chunk.error !== null)) {
          yield* drain(parts);
          yield errorPart(mapOpenAICompatibleStreamError(options.provider, chunk.error ?? chunk));
          return;
        }
        if (!state.started && chunk.id === '' && Array.isArray(chunk.choices) && chunk.choices.length === 0) {
          // Azure opens with a prompt-filter chunk that has no id, model or choices: it must not name the
          // stream, so it is forwarded as it came (OpenAI clients get Azure's exact stream) or dropped.
          if (options.rawChunks) parts.push({ type: 'raw-chunk', data });
          continue;
        }
        openAIChunkToParts(chunk, state, parts);
      }
      yield* drain(parts);
    }
  } catch (error) {
    yield* drain(parts);
    const mapped = options.mapReadError(error);
    if (mapped instanceof GatewayError) {
      yield errorPart(
        mapped.code === 'GW_ERR_UPSTREAM_CONNECT'
          ? new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${options.provider}: the stream was cut off (${mapped.message})`, { provider: options.provider, cause: error })
          : mapped,
      );
      return;
    }
    throw mapped;
  }
}

/**
 * A chunk that carries only content deltas: no tool calls, no usage object, no finish reason,
 * no reasoning field (renamed on the way out), no error. The check is on the raw text: inside JSON
 * string values quotes are escaped, so `"usage":{` cannot match text the model wrote.
 */
function isPlainDelta(data: string): boolean {
  return (
    data.charCodeAt(0) === 123 /* { */ &&
    // Pretty-printed JSON ("key": value) is always parsed, so the checks below cannot miss a field.
    !data.includes('": ') &&
    !data.includes('"finish_reason":"') &&
    !data.includes('"usage":{') &&
    !data.includes('"reasoning') &&
    !data.includes('"error"') &&
    // Tool-call chunks are always parsed: the decoder must see each call's start to keep indexes and ids.
    !data.includes('"tool_calls"') &&
    // Content as an array of parts (Magistral's thinking items) is not OpenAI's shape.
    !data.includes('"content":[') &&
    !data.includes('"x_groq"')
  );
}

function* drain(parts: StreamPart[]): Generator<StreamPart> {
  for (let index = 0; index < parts.length; index++) yield parts[index]!;
  parts.length = 0;
}

function errorPart(error: GatewayError): StreamPart {
  return { type: 'error', error };
}
