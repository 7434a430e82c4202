import type { StreamPart } from '../../spec/stream-part.js';
import type { BedrockStreamEvent } from './bedrock-wire.js';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';
import { mapBedrockUsage } from './map-bedrock-usage.js';

/** What a content block index of the stream turned out to be. */
type OpenBlock = { kind: 'tool'; index: number; sentArguments: boolean } | { kind: 'json'; sentArguments: boolean };

/** What the translation remembers between events of one response. */
export interface BedrockStreamState {
  /** For response-start: Bedrock's request id (x-amzn-requestid), the model asked for, the time. */
  id: string;
  model: string;
  created: number;
  /** The tool standing in for JSON mode, if any (its input becomes text). */
  jsonTool: string | undefined;
  started: boolean;
  finished: boolean;
  toolCalls: number;
  blocks: Map<number, OpenBlock>;
  /** Whether the answer was the JSON-mode tool's input (then `tool_use` finishes as `stop`). */
  answeredByJsonTool: boolean;
}

export function createBedrockStreamState(id: string, model: string, jsonTool: string | undefined): BedrockStreamState {
  return {
    id,
    model,
    created: Math.floor(Date.now() / 1000),
    jsonTool,
    started: false,
    finished: false,
    toolCalls: 0,
    blocks: new Map(),
    answeredByJsonTool: false,
  };
}

/**
 * One ConverseStream event (its `:event-type` and parsed payload) → canonical parts, appended to
 * `out`. Text and reasoning blocks arrive as deltas only; tool blocks open with contentBlockStart
 * (id, name), stream their input as JSON fragments and close with contentBlockStop. `messageStop`
 * carries the stop reason and `metadata` (after it) the usage, so `finish` precedes `usage`.
 * Unknown events and block types are ignored.
 */
export function bedrockEventToParts(eventType: string, event: BedrockStreamEvent, state: BedrockStreamState, out: StreamPart[]): void {
  if (!state.started) {
    state.started = true;
    out.push({ type: 'response-start', id: state.id, model: state.model, created: state.created });
  }
  switch (eventType) {
    case 'contentBlockStart':
      startBlock(event, state, out);
      break;
    case 'contentBlockDelta':
      blockDelta(event, state, out);
      break;
    case 'contentBlockStop':
      stopBlock(event, state, out);
      break;
    case 'messageStop':
      state.finished = true;
      out.push({
        type: 'finish',
        reason: mapBedrockFinishReason(event.stopReason, state.answeredByJsonTool),
        ...(typeof event.stopReason === 'string' ? { providerReason: event.stopReason } : {}),
      });
      break;
    case 'metadata':
      if (event.usage !== undefined && event.usage !== null) out.push({ type: 'usage', usage: mapBedrockUsage(event.usage) });
      break;
  }
}

function startBlock(event: BedrockStreamEvent, state: BedrockStreamState, out: StreamPart[]): void {
  const toolUse = event.start?.toolUse;
  if (toolUse === undefined || typeof event.contentBlockIndex !== 'number') return;
  if (state.jsonTool !== undefined && toolUse.name === state.jsonTool) {
    state.blocks.set(event.contentBlockIndex, { kind: 'json', sentArguments: false });
    state.answeredByJsonTool = true;
    return;
  }
  const index = state.toolCalls++;
  state.blocks.set(event.contentBlockIndex, { kind: 'tool', index, sentArguments: false });
  out.push({ type: 'tool-call-start', index, id: toolUse.toolUseId ?? `tooluse_${state.id}_${index}`, name: toolUse.name ?? '' });
}

function blockDelta(event: BedrockStreamEvent, state: BedrockStreamState, out: StreamPart[]): void {
  const delta = event.delta;
  if (delta === undefined || delta === null) return;
  if (typeof delta.text === 'string') {
    if (delta.text !== '') out.push({ type: 'text-delta', text: delta.text });
    return;
  }
  const reasoning = delta.reasoningContent;
  if (reasoning !== undefined && reasoning !== null) {
    if (typeof reasoning.text === 'string' && reasoning.text !== '') out.push({ type: 'reasoning-delta', text: reasoning.text });
    if (typeof reasoning.signature === 'string') out.push({ type: 'reasoning-delta', text: '', signature: reasoning.signature });
    if (typeof reasoning.redactedContent === 'string') out.push({ type: 'reasoning-delta', text: '', redacted: reasoning.redactedContent });
    return;
  }
  const input = delta.toolUse?.input;
  if (typeof input !== 'string' || input === '' || typeof event.contentBlockIndex !== 'number') return;
  const block = state.blocks.get(event.contentBlockIndex);
  if (block === undefined) return;
  block.sentArguments = true;
  if (block.kind === 'json') out.push({ type: 'text-delta', text: input });
  else out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: input });
}

function stopBlock(event: BedrockStreamEvent, state: BedrockStreamState, out: StreamPart[]): void {
  if (typeof event.contentBlockIndex !== 'number') return;
  const block = state.blocks.get(event.contentBlockIndex);
  if (block === undefined) return;
  state.blocks.delete(event.contentBlockIndex);
  // A call without input still has arguments: an empty object.
  if (block.kind === 'json') {
    if (!block.sentArguments) out.push({ type: 'text-delta', text: '{}' });
    return;
  }
  if (!block.sentArguments) out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: '{}' });
  out.push({ type: 'tool-call-end', index: block.index });
}
