import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { endStreamWithFailure } from '../shared/end-stream-with-failure.js';
import { normaliseLineEnds } from '../shared/normalise-line-ends.js';
import type { UsageQuirks } from './map-openai-usage.js';
import { createChunkState, openAIChunkToParts, type ChunkState } from './openai-chunk-to-parts.js';
import { mapOpenAICompatibleStreamError } from './openai-compatible-error.js';

export interface DecodeOptions {
  provider: string;
  /** Plain content events may be forwarded verbatim (see RawEventsPart). */
  rawChunks: boolean;
  usageQuirks?: UsageQuirks;
}

/**
 * Any of these in an event's text means it must be parsed: a finish reason, a usage object, a
 * reasoning field (renamed on the way out), an error, Groq's x_groq, tool calls (the decoder must
 * see each call's start), content as an array (Magistral), or pretty-printed JSON (`": `), which
 * could hide the others. Inside JSON string values quotes are escaped, so text the model wrote
 * cannot match.
 */
const NEEDS_PARSING = /"(?:finish_reason":"|usage":\{|reasoning|error"|x_groq"|tool_calls"|content":\[)|": /;

/**
 * The body of an OpenAI-compatible SSE stream → canonical parts, one batch per network read.
 *
 * This is the gateway's hottest loop, so it splits events itself rather than through a generic SSE
 * parser: one regular-expression pass per read finds the next event that needs reading, and every
 * complete plain event before it (a single `data: {…}` line) is forwarded with its neighbours as one
 * verbatim span. Other events are read field by field (comments such as `: keep-alive` skipped,
 * multi-line data joined, CR and CRLF line ends accepted). Ends after `[DONE]`, after an error event,
 * or at the end of the body; a chunk that is not JSON becomes an error part, not a crash.
 */
export async function* decodeOpenAICompatibleStream(body: AsyncIterable<Uint8Array>, options: DecodeOptions): AsyncGenerator<StreamPart[]> {
  const state = createChunkState(options.usageQuirks);
  const decoder = new TextDecoder();
  let text = '';
  let parts: StreamPart[] = [];
  try {
    for await (const bytes of body) {
      text += decoder.decode(bytes, { stream: true });
      text = normaliseLineEnds(text, false);
      const scanned = scanEvents(text, state, options, parts);
      text = scanned.rest;
      if (parts.length > 0) {
        yield parts;
        parts = [];
      }
      if (scanned.done) return;
    }
    // A last event without its closing blank line still counts.
    text = normaliseLineEnds(text + decoder.decode(), true);
    if (text.trim() !== '') scanEvents(`${text}\n\n`, state, options, parts);
  } catch (error) {
    yield* endStreamWithFailure(error, parts);
    return;
  }
  if (parts.length > 0) yield parts;
}

function scanEvents(text: string, state: ChunkState, options: DecodeOptions, parts: StreamPart[]): { rest: string; done: boolean } {
  let position = 0;
  let runStart = -1;
  for (;;) {
    const end = text.indexOf('\n\n', position);
    if (end === -1) break;
    if (options.rawChunks && state.started && text.startsWith('data: {', position) && text.indexOf('\n', position) === end) {
      // Chunks of one stream share their envelope (id, object, created, model…); when it is the one
      // already checked, only the rest of the event needs scanning.
      let from = position + 6;
      const envelope = state.cleanEnvelope;
      if (envelope !== undefined && text.startsWith(envelope, from)) from += envelope.length;
      if (!NEEDS_PARSING.test(text.slice(from, end))) {
        if (runStart === -1) runStart = position;
        position = end + 2;
        continue;
      }
    }
    if (runStart !== -1) {
      parts.push({ type: 'raw-events', text: text.slice(runStart, position) });
      runStart = -1;
    }
    const block = text.slice(position, end);
    position = end + 2;
    if (handleEvent(block, state, options, parts)) return { rest: '', done: true };
  }
  if (runStart !== -1) parts.push({ type: 'raw-events', text: text.slice(runStart, position) });
  return { rest: position === 0 ? text : text.slice(position), done: false };
}

/** One event that needs reading. Returns true when the stream is over ([DONE] or an error). */
function handleEvent(block: string, state: ChunkState, options: DecodeOptions, parts: StreamPart[]): boolean {
  let data: string | undefined;
  let eventName: string | undefined;
  if (block.startsWith('data: ') && !block.includes('\n')) data = block.slice(6);
  else for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') eventName = value;
  }
  if (data === undefined || data === '') return false;
  if (data === '[DONE]') return true;
  let chunk: Record<string, unknown>;
  try {
    chunk = JSON.parse(data) as Record<string, unknown>;
  } catch {
    parts.push({
      type: 'error',
      error: new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${options.provider}: the stream sent a chunk that is not JSON: ${data.slice(0, 200)}`, {
        provider: options.provider,
      }),
    });
    return true;
  }
  if (eventName === 'error' || (chunk.error !== undefined && chunk.error !== null)) {
    parts.push({ type: 'error', error: mapOpenAICompatibleStreamError(options.provider, chunk.error ?? chunk) });
    return true;
  }
  if (!state.started && chunk.id === '' && Array.isArray(chunk.choices) && chunk.choices.length === 0) {
    // Azure opens with a prompt-filter chunk that has no id, model or choices: it must not name the
    // stream, so it is forwarded as it came (OpenAI clients get Azure's exact stream) or dropped.
    if (options.rawChunks) parts.push({ type: 'raw-events', text: `data: ${data}\n\n` });
    return false;
  }
  if (!state.started) rememberEnvelope(data, state);
  openAIChunkToParts(chunk, state, parts);
  return false;
}

/** The first chunk's text before `"choices"`, kept when it holds nothing that needs parsing. */
function rememberEnvelope(data: string, state: ChunkState): void {
  const at = data.indexOf('"choices":');
  if (at <= 1) return;
  const envelope = data.slice(0, at);
  if (!NEEDS_PARSING.test(envelope)) state.cleanEnvelope = envelope;
}
