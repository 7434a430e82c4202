import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { endStreamWithFailure } from '../shared/end-stream-with-failure.js';
import { normaliseLineEnds } from '../shared/normalise-line-ends.js';
import { createGeminiPartState, endGeminiParts, geminiResponseToParts, type GeminiPartState } from './gemini-response-to-parts.js';
import type { GeminiResponse } from './gemini-wire.js';

/**
 * The body of `streamGenerateContent?alt=sse` → canonical parts, one batch per network read.
 *
 * Events are `data: {GenerateContentResponse}` separated by blank lines; Google's servers end lines
 * with CRLF, and LF and CR are accepted too. The stream has no end marker: it ends with the body,
 * after the event carrying `finishReason`. A failure may arrive as a plain JSON error body among
 * the events, without `data:` (googleapis/js-genai checks each read for one): a block of lines that
 * starts with `{` or `[` is read as such a body. The shared SSE decoder drops such lines, hence this
 * small splitter of its own.
 */
export async function* decodeGeminiStream(body: AsyncIterable<Uint8Array>, provider: string, fallbackModel: string): AsyncGenerator<StreamPart[]> {
  const state = createGeminiPartState(provider, fallbackModel);
  const decoder = new TextDecoder();
  let text = '';
  let parts: StreamPart[] = [];
  try {
    for await (const bytes of body) {
      text = normaliseLineEnds(text + decoder.decode(bytes, { stream: true }), false);
      let position = 0;
      for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n', position)) {
        const block = text.slice(position, end);
        position = end + 2;
        if (readBlock(block, state, parts)) {
          yield parts;
          return;
        }
      }
      text = text.slice(position);
      if (parts.length > 0) {
        yield parts;
        parts = [];
      }
    }
    // A last event without its closing blank line still counts.
    text = normaliseLineEnds(text + decoder.decode(), true);
    if (text.trim() !== '' && readBlock(text, state, parts)) {
      yield parts;
      return;
    }
    endGeminiParts(state, parts);
  } catch (error) {
    yield* endStreamWithFailure(error, parts);
    return;
  }
  if (parts.length > 0) yield parts;
}

/** One event. Returns true when the stream is over (an error, or a chunk that is not JSON). */
function readBlock(block: string, state: GeminiPartState, parts: StreamPart[]): boolean {
  let data: string | undefined;
  const lines = block.split('\n');
  const first = lines.find((line) => line.trim() !== '');
  if (first === undefined) return false;
  if (first.trimStart().startsWith('{') || first.trimStart().startsWith('[')) {
    data = block;
  } else {
    for (const line of lines) {
      if (!line.startsWith('data:')) continue; // comments, `event:`, `id:`, `retry:`
      const value = line.startsWith('data: ') ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    }
  }
  if (data === undefined || data.trim() === '') return false;
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    parts.push({
      type: 'error',
      error: new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${state.provider}: the stream sent a chunk that is not JSON: ${data.slice(0, 200)}`, {
        provider: state.provider,
      }),
    });
    return true;
  }
  if (Array.isArray(chunk)) chunk = chunk[0];
  if (chunk === null || typeof chunk !== 'object') return false;
  return geminiResponseToParts(chunk as GeminiResponse, state, parts);
}
