import { utf8FromBinary } from '../../spec/binary-text.js';
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
  // The body is read as a binary string (one character per byte, binary-text.ts): SSE's structure is
  // ASCII, so it is scanned without decoding UTF-8 (and no character is ever split between reads), and
  // plain events go out as the same bytes. Only the events that are parsed are decoded.
  let text = '';
  let parts: StreamPart[] = [];
  try {
    for await (const bytes of body) {
      text += (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('latin1');
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
    text = normaliseLineEnds(text, true);
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
      // (`slice ===` rather than `startsWith`: V8's startsWith compares a long needle character by
      // character, five times slower here.)
      let from = position + 6;
      const envelope = state.cleanEnvelope;
      if (envelope !== undefined && text.slice(from, from + envelope.length) === envelope) {
        from += envelope.length;
        if (isPlainContent(text, from, end, state.plainContent)) {
          if (runStart === -1) runStart = position;
          position = end + 2;
          continue;
        }
      }
      const rest = text.slice(from, end);
      if (!NEEDS_PARSING.test(rest)) {
        if (envelope !== undefined && from > position + 6) state.plainContent ??= plainContentTemplate(rest);
        if (runStart === -1) runStart = position;
        position = end + 2;
        continue;
      }
    }
    if (runStart !== -1) {
      parts.push({ type: 'raw-events', binary: text.slice(runStart, position) });
      runStart = -1;
    }
    const block = text.slice(position, end);
    position = end + 2;
    if (handleEvent(block, state, options, parts)) return { rest: '', done: true };
  }
  if (runStart !== -1) parts.push({ type: 'raw-events', binary: text.slice(runStart, position) });
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
    chunk = JSON.parse(utf8FromBinary(data)) as Record<string, unknown>;
  } catch {
    parts.push({
      type: 'error',
      error: new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${options.provider}: the stream sent a chunk that is not JSON: ${utf8FromBinary(data.slice(0, 200))}`, {
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
    if (options.rawChunks) parts.push({ type: 'raw-events', binary: `data: ${data}\n\n` });
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
  if (!NEEDS_PARSING.test(envelope)) state.cleanEnvelope = flatString(envelope);
}

const CONTENT_KEY = '"content":"';

/**
 * From a chunk's text after the envelope that needs no parsing: the text before its content string
 * and the text after it. None when the chunk has no content string (or two).
 */
function plainContentTemplate(rest: string): ChunkState['plainContent'] {
  const key = rest.indexOf(CONTENT_KEY);
  if (key === -1 || rest.includes(CONTENT_KEY, key + CONTENT_KEY.length)) return undefined;
  const open = key + CONTENT_KEY.length - 1;
  const close = closingQuote(rest, open + 1, rest.length);
  if (close === -1) return undefined;
  return { prefix: flatString(rest.slice(0, open)), suffix: flatString(rest.slice(close + 1)) };
}

/**
 * True when text[from, end) is the template's prefix, one JSON string, then its suffix: the same
 * chunk as the one the template came from but for the content, which (a JSON string, its quotes
 * escaped) cannot hold anything that needs parsing.
 */
function isPlainContent(text: string, from: number, end: number, template: ChunkState['plainContent']): boolean {
  if (template === undefined) return false;
  const { prefix, suffix } = template;
  const open = from + prefix.length;
  const close = end - suffix.length - 1;
  if (close <= open || text.charCodeAt(open) !== 34 || text.charCodeAt(close) !== 34) return false;
  if (text.slice(from, open) !== prefix || text.slice(close + 1, end) !== suffix) return false;
  return closingQuote(text, open + 1, end) === close;
}

/** The index of the first quote in text[from, end) that no backslash escapes; -1 when none. */
function closingQuote(text: string, from: number, end: number): number {
  for (let at = text.indexOf('"', from); at !== -1 && at < end; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** A copy that is one flat string, not a slice of a larger one (V8 compares flat strings faster). */
function flatString(binary: string): string {
  // The decoder's text is a binary string (one character per byte): latin1 copies it as it is, with no UTF-8 round trip.
  return Buffer.from(binary, 'latin1').toString('latin1');
}
