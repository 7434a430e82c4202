import { GatewayError } from '../../spec/gateway-error.js';
import type { FinishPart, StreamPart } from '../../spec/stream-part.js';
import { emptyUsage, type Usage } from '../../spec/usage.js';
import { decodeSseEvents, type SseEvent } from '../../upstream/decode-sse-events.js';
import { mapAnthropicStreamError } from './anthropic-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

export interface AnthropicStreamOptions {
  provider: string;
  /** Reported as the model if the stream never names one. */
  fallbackModel: string;
}

interface BlockState {
  kind: 'text' | 'thinking' | 'tool' | 'other';
  /** Position among this response's tool calls (tool blocks only). */
  toolIndex: number;
  /** An argument fragment (or the whole input) has gone out for this tool call. */
  argumentsSent: boolean;
  /** The input came whole in content_block_start; later fragments would repeat it. */
  prefilled: boolean;
  /** A signature that came with content_block_start rather than as a signature_delta. */
  pendingSignature: string | undefined;
}

interface StreamState {
  options: AnthropicStreamOptions;
  started: boolean;
  blocks: Map<number, BlockState>;
  nextToolIndex: number;
  usage: Usage;
  stopReason: string | undefined;
  /** The stop sequence that ended the answer, when `message_delta` named one. */
  stopSequence: string | undefined;
  finished: boolean;
}

/**
 * An Anthropic Messages SSE stream (`event:` named events, https://platform.claude.com/docs/en/build-with-claude/streaming)
 * → canonical parts, one batch per network read.
 *
 * `message_start` opens the response (input usage); content blocks become text, reasoning (a
 * `signature_delta` closes a thinking block; a `redacted_thinking` block is one part) and tool
 * calls (indexed among tool calls only, argument fragments as they came, `{}` for a call without
 * arguments); `message_delta` brings the stop reason (and the matched `stop_sequence`, kept in the
 * finish part's `extra`) and the running output count, and emits `finish` then `usage`. `ping`,
 * `citations_delta` and unknown events are ignored. An `event: error` becomes an error part with
 * the status its type stands for (overloaded → 503 retryable…), and the stream ends. A body that
 * ends before `message_delta`/`message_stop` is reported as cut off.
 */
export async function* decodeAnthropicStream(body: AsyncIterable<Buffer>, options: AnthropicStreamOptions): AsyncGenerator<StreamPart[]> {
  const state: StreamState = {
    options,
    started: false,
    blocks: new Map(),
    nextToolIndex: 0,
    usage: emptyUsage(),
    stopReason: undefined,
    stopSequence: undefined,
    finished: false,
  };
  let parts: StreamPart[] = [];
  let done = false;
  try {
    for await (const events of decodeSseEvents(body)) {
      for (const event of events) {
        done = handleEvent(event, state, parts);
        if (done) break;
      }
      if (parts.length > 0) {
        yield parts;
        parts = [];
      }
      if (done) return;
    }
  } catch (error) {
    // The body reports its failures already mapped; anything else (the client went away) is not the stream's to report.
    if (!(error instanceof GatewayError)) {
      if (parts.length > 0) yield parts;
      throw error;
    }
    parts.push({ type: 'error', error });
    done = true;
  }
  if (!done && !state.finished) {
    const { provider } = options;
    parts.push({
      type: 'error',
      error: new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${provider}: the stream ended before message_stop`, { provider }),
    });
  }
  if (parts.length > 0) yield parts;
}

/** One event; returns true when the stream is over (message_stop, an error, or data that is not JSON). */
function handleEvent(event: SseEvent, state: StreamState, parts: StreamPart[]): boolean {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(event.data) as Record<string, unknown>;
  } catch {
    const { provider } = state.options;
    parts.push({
      type: 'error',
      error: new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: a stream event is not JSON: ${event.data.slice(0, 200)}`, { provider }),
    });
    return true;
  }
  const name = event.event ?? (typeof data.type === 'string' ? data.type : '');
  if (name === 'error') {
    parts.push({ type: 'error', error: mapAnthropicStreamError(state.options.provider, event.data) });
    return true;
  }
  if (name === 'ping') return false;
  if (name === 'message_start') {
    startMessage((data.message ?? {}) as Record<string, unknown>, state, parts);
    return false;
  }
  if (!state.started) start(state, parts, '', state.options.fallbackModel);
  switch (name) {
    case 'content_block_start':
      startBlock(Number(data.index), (data.content_block ?? {}) as Record<string, unknown>, state, parts);
      return false;
    case 'content_block_delta':
      blockDelta(state.blocks.get(Number(data.index)), (data.delta ?? {}) as Record<string, unknown>, parts);
      return false;
    case 'content_block_stop':
      stopBlock(Number(data.index), state, parts);
      return false;
    case 'message_delta': {
      const delta = (data.delta ?? {}) as Record<string, unknown>;
      if (typeof delta.stop_reason === 'string') state.stopReason = delta.stop_reason;
      if (typeof delta.stop_sequence === 'string') state.stopSequence = delta.stop_sequence;
      state.usage = mapAnthropicUsage(data.usage as Parameters<typeof mapAnthropicUsage>[0], state.usage);
      // A further message_delta only updates the running totals.
      if (state.finished) parts.push({ type: 'usage', usage: state.usage });
      else finish(state, parts);
      return false;
    }
    case 'message_stop':
      finish(state, parts);
      return true;
    default:
      return false;
  }
}

function start(state: StreamState, parts: StreamPart[], id: string, model: string): void {
  state.started = true;
  parts.push({ type: 'response-start', id, model, created: Math.floor(Date.now() / 1000) });
}

function startMessage(message: Record<string, unknown>, state: StreamState, parts: StreamPart[]): void {
  if (!state.started) {
    start(state, parts, typeof message.id === 'string' ? message.id : '', typeof message.model === 'string' ? message.model : state.options.fallbackModel);
  }
  state.usage = mapAnthropicUsage(message.usage as Parameters<typeof mapAnthropicUsage>[0], state.usage);
  if (typeof message.stop_reason === 'string') state.stopReason = message.stop_reason;
  // Some responses (server tools, programmatic tool calling) arrive with blocks already in message_start.
  if (Array.isArray(message.content)) {
    for (const [position, block] of (message.content as unknown[]).entries()) {
      if (block === null || typeof block !== 'object') continue;
      const index = -1 - position;
      startBlock(index, block as Record<string, unknown>, state, parts);
      stopBlock(index, state, parts);
    }
  }
}

function startBlock(index: number, block: Record<string, unknown>, state: StreamState, parts: StreamPart[]): void {
  const entry: BlockState = { kind: 'other', toolIndex: -1, argumentsSent: false, prefilled: false, pendingSignature: undefined };
  state.blocks.set(index, entry);
  switch (block.type) {
    case 'text':
      entry.kind = 'text';
      if (typeof block.text === 'string' && block.text !== '') parts.push({ type: 'text-delta', text: block.text });
      break;
    case 'thinking':
      entry.kind = 'thinking';
      if (typeof block.thinking === 'string' && block.thinking !== '') parts.push({ type: 'reasoning-delta', text: block.thinking });
      if (typeof block.signature === 'string' && block.signature !== '') entry.pendingSignature = block.signature;
      break;
    case 'redacted_thinking':
      if (typeof block.data === 'string') parts.push({ type: 'reasoning-delta', text: '', redacted: block.data });
      break;
    case 'tool_use': {
      entry.kind = 'tool';
      entry.toolIndex = state.nextToolIndex++;
      parts.push({ type: 'tool-call-start', index: entry.toolIndex, id: String(block.id ?? ''), name: String(block.name ?? '') });
      const input = block.input;
      if (input !== null && typeof input === 'object' && Object.keys(input).length > 0) {
        parts.push({ type: 'tool-call-delta', index: entry.toolIndex, argumentsDelta: JSON.stringify(input) });
        entry.argumentsSent = true;
        entry.prefilled = true;
      }
      break;
    }
  }
}

function blockDelta(block: BlockState | undefined, delta: Record<string, unknown>, parts: StreamPart[]): void {
  switch (delta.type) {
    case 'text_delta':
      if (typeof delta.text === 'string' && delta.text !== '') parts.push({ type: 'text-delta', text: delta.text });
      break;
    case 'thinking_delta':
      if (typeof delta.thinking === 'string' && delta.thinking !== '') parts.push({ type: 'reasoning-delta', text: delta.thinking });
      break;
    case 'signature_delta':
      if (typeof delta.signature === 'string') {
        parts.push({ type: 'reasoning-delta', text: '', signature: delta.signature });
        if (block !== undefined) block.pendingSignature = undefined;
      }
      break;
    case 'input_json_delta':
      // Fragments of a server tool's input (server_tool_use) are not a function call the client made.
      if (block?.kind !== 'tool' || block.prefilled) break;
      if (typeof delta.partial_json === 'string' && delta.partial_json !== '') {
        parts.push({ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: delta.partial_json });
        block.argumentsSent = true;
      }
      break;
  }
}

function stopBlock(index: number, state: StreamState, parts: StreamPart[]): void {
  const block = state.blocks.get(index);
  if (block === undefined) return;
  state.blocks.delete(index);
  if (block.kind === 'tool') {
    if (!block.argumentsSent) parts.push({ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: '{}' });
    parts.push({ type: 'tool-call-end', index: block.toolIndex });
  } else if (block.kind === 'thinking' && block.pendingSignature !== undefined) {
    parts.push({ type: 'reasoning-delta', text: '', signature: block.pendingSignature });
  }
}

function finish(state: StreamState, parts: StreamPart[]): void {
  if (state.finished) return;
  state.finished = true;
  const finishPart: FinishPart = { type: 'finish', reason: mapAnthropicFinishReason(state.stopReason) };
  if (state.stopReason !== undefined) finishPart.providerReason = state.stopReason;
  if (state.stopSequence !== undefined) finishPart.extra = { stop_sequence: state.stopSequence };
  parts.push(finishPart, { type: 'usage', usage: state.usage });
}
