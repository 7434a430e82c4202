import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { decodeSseEvents, type SseEvent } from '../../upstream/decode-sse-events.js';
import { cohereGenerationError } from './cohere-error.js';
import type { CohereLogprobItem, CohereStreamEvent } from './cohere-wire.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';
import { mapCohereLogprobs } from './map-cohere-logprobs.js';
import { mapCohereUsage } from './map-cohere-usage.js';

export interface CohereStreamOptions {
  provider: string;
  /** Reported as the model: Cohere's events do not name one. */
  model: string;
}

interface StreamState {
  started: boolean;
  /** Index of the open tool call among tool calls only; -1 before the first. */
  toolIndex: number;
  toolOpen: boolean;
  toolHasArguments: boolean;
  citations: unknown[];
  logprobs: CohereLogprobItem[];
  ended: boolean;
}

/**
 * A Cohere `/v2/chat` SSE body (`event: <type>` + `data: {"type":…}`) → canonical parts, one batch
 * per network read. Events (docs.cohere.com/v2/docs/streaming, /v2/docs/tool-use-streaming):
 *
 * - `message-start` → `response-start` (its `id`); `content-delta` text → `text-delta`, thinking →
 *   `reasoning-delta`; `tool-plan-delta` → `reasoning-delta` (the plan is the model's reasoning before
 *   its tool calls, not its answer; it goes back as `tool_plan`, see convert-to-cohere-messages.ts);
 * - `tool-call-start` / `-delta` / `-end` → tool-call parts, indexed by our own count of tool calls;
 *   a call that streamed no arguments gets `{}`;
 * - `citation-start` and content `logprobs` are collected and put on the finish part (`citations`,
 *   `logprobs` in OpenAI's shape), since parts carry no per-delta extras;
 * - `message-end` → `finish`, then `usage` last; with `finish_reason: "ERROR"` an `error` part instead;
 * - `content-start`/`-end`, `citation-end`, `debug`, `[DONE]` and unknown events are ignored.
 *
 * A body that ends before `message-end` ends with a `stream interrupted` error part.
 */
export async function* decodeCohereStream(chunks: AsyncIterable<Buffer>, options: CohereStreamOptions): AsyncGenerator<StreamPart[]> {
  const state: StreamState = { started: false, toolIndex: -1, toolOpen: false, toolHasArguments: false, citations: [], logprobs: [], ended: false };
  let parts: StreamPart[] = [];
  try {
    for await (const events of decodeSseEvents(chunks)) {
      const failed = readEvents(events, state, options, parts);
      if (parts.length > 0) {
        yield parts;
        parts = [];
      }
      if (failed) return;
    }
  } catch (error) {
    // The body reports its failures already mapped; anything else (the client went away) is not ours to report.
    if (!(error instanceof GatewayError)) throw error;
    yield [...parts, { type: 'error', error }];
    return;
  }
  if (!state.ended) {
    const { provider } = options;
    const error = new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${provider}: the stream ended before message-end`, { provider });
    yield [{ type: 'error', error }];
  }
}

/** Appends the parts of a batch of events; true when the stream failed and must stop. */
function readEvents(events: SseEvent[], state: StreamState, options: CohereStreamOptions, parts: StreamPart[]): boolean {
  for (const { event: name, data } of events) {
    if (state.ended || data === '[DONE]' || data.trim() === '') continue;
    let event: CohereStreamEvent;
    try {
      event = JSON.parse(data) as CohereStreamEvent;
    } catch {
      const { provider } = options;
      const error = new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: a stream event is not JSON: ${data.slice(0, 200)}`, { provider });
      parts.push({ type: 'error', error });
      return true;
    }
    if (event === null || typeof event !== 'object') continue;
    if (readEvent(event.type ?? name, event, state, options, parts)) return true;
  }
  return false;
}

function readEvent(type: string | undefined, event: CohereStreamEvent, state: StreamState, options: CohereStreamOptions, parts: StreamPart[]): boolean {
  const message = event.delta?.message;
  if (!state.started && type !== undefined && KNOWN.has(type)) {
    state.started = true;
    const id = type === 'message-start' && typeof event.id === 'string' && event.id !== '' ? event.id : randomUUID();
    parts.push({ type: 'response-start', id, model: options.model, created: Math.floor(Date.now() / 1000) });
  }
  switch (type) {
    case 'content-start':
    case 'content-delta': {
      const content = message?.content;
      if (typeof content?.text === 'string' && content.text !== '') parts.push({ type: 'text-delta', text: content.text });
      if (typeof content?.thinking === 'string' && content.thinking !== '') parts.push({ type: 'reasoning-delta', text: content.thinking });
      if (event.logprobs !== undefined && event.logprobs !== null) state.logprobs.push(event.logprobs);
      return false;
    }
    case 'tool-plan-delta':
      if (typeof message?.tool_plan === 'string' && message.tool_plan !== '') parts.push({ type: 'reasoning-delta', text: message.tool_plan });
      return false;
    case 'tool-call-start': {
      closeToolCall(state, parts);
      const call = message?.tool_calls;
      state.toolIndex += 1;
      state.toolOpen = true;
      state.toolHasArguments = false;
      const id = typeof call?.id === 'string' ? call.id : `call_${state.toolIndex}`;
      parts.push({ type: 'tool-call-start', index: state.toolIndex, id, name: call?.function?.name ?? '' });
      addArguments(call?.function?.arguments, state, parts);
      return false;
    }
    case 'tool-call-delta':
      if (state.toolOpen) addArguments(message?.tool_calls?.function?.arguments, state, parts);
      return false;
    case 'tool-call-end':
      closeToolCall(state, parts);
      return false;
    case 'citation-start':
      if (message?.citations !== undefined) state.citations.push(message.citations);
      return false;
    case 'message-end':
      return endMessage(event, state, options, parts);
    default:
      return false;
  }
}

/** Events that mean the answer has begun (anything else, such as `debug`, does not start it). */
const KNOWN = new Set(['message-start', 'content-start', 'content-delta', 'tool-plan-delta', 'tool-call-start', 'tool-call-delta', 'tool-call-end', 'citation-start', 'message-end']);

function addArguments(fragment: string | null | undefined, state: StreamState, parts: StreamPart[]): void {
  if (typeof fragment !== 'string' || fragment === '') return;
  state.toolHasArguments = true;
  parts.push({ type: 'tool-call-delta', index: state.toolIndex, argumentsDelta: fragment });
}

function closeToolCall(state: StreamState, parts: StreamPart[]): void {
  if (!state.toolOpen) return;
  if (!state.toolHasArguments) parts.push({ type: 'tool-call-delta', index: state.toolIndex, argumentsDelta: '{}' });
  parts.push({ type: 'tool-call-end', index: state.toolIndex });
  state.toolOpen = false;
}

function endMessage(event: CohereStreamEvent, state: StreamState, options: CohereStreamOptions, parts: StreamPart[]): boolean {
  state.ended = true;
  closeToolCall(state, parts);
  const reason = event.delta?.finish_reason;
  if (reason === 'ERROR' || (typeof event.delta?.error === 'string' && event.delta.error !== '')) {
    parts.push({ type: 'error', error: cohereGenerationError(options.provider, event.delta?.error) });
    return true;
  }
  const extra: Record<string, unknown> = {};
  if (state.citations.length > 0) extra.citations = state.citations;
  if (state.logprobs.length > 0) extra.logprobs = { content: mapCohereLogprobs(state.logprobs), refusal: null };
  parts.push({
    type: 'finish',
    reason: mapCohereFinishReason(reason),
    ...(reason === undefined ? {} : { providerReason: reason }),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  });
  const usage = mapCohereUsage(event.delta?.usage);
  parts.push({ type: 'usage', usage: usage.usage, ...(usage.extra === undefined ? {} : { extra: usage.extra }) });
  return false;
}
