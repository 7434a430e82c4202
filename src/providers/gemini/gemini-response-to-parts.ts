import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { mapGeminiStreamError } from './gemini-error.js';
import { encodeGeminiToolCallId, syntheticGeminiToolCallId } from './gemini-tool-call-id.js';
import type { GeminiPart, GeminiResponse, GeminiUsageMetadata } from './gemini-wire.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { mapGeminiUsage } from './map-gemini-usage.js';

export interface GeminiPartState {
  provider: string;
  fallbackModel: string;
  started: boolean;
  /** Names synthesized tool-call ids; Gemini's `responseId`, or one made up when it sent none. */
  responseId: string;
  toolCalls: number;
  finished: boolean;
  /**
   * Gemini repeats running totals on every chunk: each count's latest value is kept (a chunk may
   * carry only some of them, e.g. Vertex's first `{trafficType}`) and reported once, after `finish`.
   */
  usage: GeminiUsageMetadata | undefined;
}

export function createGeminiPartState(provider: string, fallbackModel: string): GeminiPartState {
  return { provider, fallbackModel, started: false, responseId: '', toolCalls: 0, finished: false, usage: undefined };
}

/**
 * One `generateContent` body or stream event → canonical parts. The same code reads both, so a
 * streamed and a collected answer yield the same ids, text and signatures.
 *
 * - `thought: true` parts are reasoning; a part's `thoughtSignature` (thought or text) closes a
 *   thinking block (`reasoning-delta` with `signature`, after the part's text), so it reaches the
 *   client as `thinking_blocks` and comes back next turn;
 * - each `functionCall` is a whole call: start, its arguments as one JSON fragment (`{}` when it
 *   has none), end; its signature rides inside the id (gemini-tool-call-id.ts);
 * - `executableCode` / `codeExecutionResult` (Google-run code execution, enabled only through
 *   providerOptions) become fenced text; generated media (`inlineData`) has no Chat Completions
 *   field and is left out;
 * - a prompt blocked before any candidate (`promptFeedback.blockReason`) finishes with
 *   `content_filter` and no content; an `error` object is an error part and ends the stream.
 * Returns true when the stream must end.
 */
export function geminiResponseToParts(response: GeminiResponse, state: GeminiPartState, parts: StreamPart[]): boolean {
  if (response.error !== undefined && response.error !== null) {
    parts.push({ type: 'error', error: mapGeminiStreamError(state.provider, response.error) });
    return true;
  }
  if (!state.started) start(response, state, parts);
  const candidate = response.candidates?.[0];
  for (const part of candidate?.content?.parts ?? []) {
    if (!partToParts(part, state, parts)) return true;
  }
  const blockReason = response.promptFeedback?.blockReason;
  const reason = candidate?.finishReason ?? (candidate === undefined && typeof blockReason === 'string' ? blockReason : undefined);
  if (typeof reason === 'string' && !state.finished) {
    state.finished = true;
    const mapped = candidate === undefined ? 'content_filter' : mapGeminiFinishReason(reason, state.toolCalls > 0);
    parts.push({ type: 'finish', reason: mapped, providerReason: reason });
  }
  if (response.usageMetadata !== undefined && response.usageMetadata !== null) state.usage = { ...state.usage, ...response.usageMetadata };
  return false;
}

/** After the last event: usage, or an error when the answer never finished (the body was cut short). */
export function endGeminiParts(state: GeminiPartState, parts: StreamPart[]): void {
  if (!state.finished) {
    parts.push({
      type: 'error',
      error: new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${state.provider}: the answer ended before Gemini sent a finish reason`, {
        provider: state.provider,
      }),
    });
    return;
  }
  if (state.usage !== undefined) parts.push({ type: 'usage', usage: mapGeminiUsage(state.usage) });
}

function start(response: GeminiResponse, state: GeminiPartState, parts: StreamPart[]): void {
  state.started = true;
  state.responseId = typeof response.responseId === 'string' && response.responseId !== '' ? response.responseId : randomUUID().replace(/-/g, '');
  const created = typeof response.createTime === 'string' ? Date.parse(response.createTime) : Number.NaN;
  parts.push({
    type: 'response-start',
    id: state.responseId,
    model: typeof response.modelVersion === 'string' && response.modelVersion !== '' ? response.modelVersion : state.fallbackModel,
    created: Number.isNaN(created) ? Math.floor(Date.now() / 1000) : Math.floor(created / 1000),
  });
}

/** Returns false when the part cannot be read (the stream must end with the error it pushed). */
function partToParts(part: GeminiPart, state: GeminiPartState, parts: StreamPart[]): boolean {
  const signature = typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '' ? part.thoughtSignature : undefined;
  const call = part.functionCall;
  if (call !== undefined && call !== null) {
    if (call.partialArgs !== undefined || call.willContinue === true) {
      parts.push({
        type: 'error',
        error: new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${state.provider}: streamed function-call arguments (streamFunctionCallArguments) are not supported; remove it from providerOptions`, {
          provider: state.provider,
        }),
      });
      return false;
    }
    if (typeof call.name !== 'string' || call.name === '') return true;
    const index = state.toolCalls++;
    const base = typeof call.id === 'string' && call.id !== '' ? call.id : syntheticGeminiToolCallId(state.responseId, index);
    const args = call.args !== null && typeof call.args === 'object' ? call.args : {};
    parts.push(
      { type: 'tool-call-start', index, id: encodeGeminiToolCallId(base, signature), name: call.name },
      { type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(args) },
      { type: 'tool-call-end', index },
    );
    return true;
  }
  const text = typeof part.text === 'string' ? part.text : codeText(part);
  if (part.thought === true) {
    if (text !== '' || signature !== undefined) parts.push({ type: 'reasoning-delta', text, ...(signature === undefined ? {} : { signature }) });
    return true;
  }
  if (text !== '') parts.push({ type: 'text-delta', text });
  if (signature !== undefined) parts.push({ type: 'reasoning-delta', text: '', signature });
  return true;
}

function codeText(part: GeminiPart): string {
  const code = part.executableCode as { language?: unknown; code?: unknown } | undefined;
  if (typeof code?.code === 'string') return `\n\`\`\`${typeof code.language === 'string' ? code.language.toLowerCase() : ''}\n${code.code}\n\`\`\`\n`;
  const result = part.codeExecutionResult as { output?: unknown } | undefined;
  if (typeof result?.output === 'string') return `\n\`\`\`\n${result.output}\n\`\`\`\n`;
  return '';
}
