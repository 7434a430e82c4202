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
): AsyncGenerator<StreamPart[]> {
  const state = createChunkState(options.usageQuirks);
  let parts: StreamPart[] = [];
  try {
    for await (const events of batches) {
      for (const event of events) {
        const data = event.data;
        if (data === '[DONE]') {
          if (parts.length > 0) yield parts;
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
          parts.push(
            errorPart(new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${options.provider}: the stream sent a chunk that is not JSON: ${data.slice(0, 200)}`, { provider: options.provider }),
            ),
          );
          yield parts;
          return;
        }
        if (event.event === 'error' || (chunk.error !== undefined && chunk.error !== null)) {
          parts.push(errorPart(mapOpenAICompatibleStreamError(options.provider, chunk.error ?? chunk)));
          yield parts;
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
      if (parts.length > 0) {
        yield parts;
        parts = [];
      }
    }
  } catch (error) {
    const mapped = options.mapReadError(error);
    if (mapped instanceof GatewayError) {
      parts.push(
        errorPart(
          mapped.code === 'GW_ERR_UPSTREAM_CONNECT'
            ? new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${options.provider}: the stream was cut off (${mapped.message})`, { provider: options.provider, cause: error })
            : mapped,
        ),
      );
      yield parts;
      return;
    }
    if (parts.length > 0) yield parts;
    throw mapped;
  }
  if (parts.length > 0) yield parts;
}

/**
 * Any of these in a chunk's text means it must be parsed: a finish reason, a usage object, a
 * reasoning field (renamed on the way out), an error, Groq's x_groq, tool calls (the decoder must
 * see each call's start), content as an array (Magistral), or pretty-printed JSON (`": `), which
 * could hide the others. Inside JSON string values quotes are escaped, so text the model wrote
 * cannot match. One regular-expression pass instead of one scan per marker.
 */
const NEEDS_PARSING = /"(?:finish_reason":"|usage":\{|reasoning|error"|x_groq"|tool_calls"|content":\[)|": /;

function isPlainDelta(data: string): boolean {
  return data.charCodeAt(0) === 123 /* { */ && !NEEDS_PARSING.test(data);
}

function errorPart(error: GatewayError): StreamPart {
  return { type: 'error', error };
}
