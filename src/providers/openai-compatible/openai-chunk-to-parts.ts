import type { StreamPart } from '../../spec/stream-part.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage, type UsageQuirks } from './map-openai-usage.js';

/** What a decoder remembers between chunks of one stream. */
export interface ChunkState {
  started: boolean;
  /** choice → tool-call index → id, for services that omit `index` (Mistral) or repeat ids. */
  toolCalls: Map<number, Map<number, string>>;
  usageQuirks: UsageQuirks;
  /** Set by the stream decoder: the first chunk's envelope (text before `"choices"`), known to hold no markers. */
  cleanEnvelope?: string;
  /**
   * Set by the stream decoder from the first plain content chunk: the text between the envelope and
   * the content string (`"choices":[{"index":0,"delta":{"content":`) and the text after it. A chunk
   * that is envelope + prefix + one JSON string + suffix is plain without a regular-expression pass.
   */
  plainContent?: { prefix: string; suffix: string };
}

export function createChunkState(usageQuirks: UsageQuirks = {}): ChunkState {
  return { started: false, toolCalls: new Map(), usageQuirks };
}

const CHUNK_KEYS = new Set(['id', 'object', 'created', 'model', 'choices', 'usage', 'x_groq']);

/**
 * One OpenAI `chat.completion.chunk` (already parsed) → canonical parts, appended to `out`.
 * Reasoning arrives as `reasoning_content` (DeepSeek, Ark, xAI, vLLM) or `reasoning` (Groq, Ollama,
 * OpenRouter); Magistral sends `content` as an array of `{type:"thinking"}` / `{type:"text"}` items.
 */
export function openAIChunkToParts(chunk: Record<string, unknown>, state: ChunkState, out: StreamPart[]): void {
  if (!state.started) {
    state.started = true;
    let extra: Record<string, unknown> | undefined;
    for (const key in chunk) if (!CHUNK_KEYS.has(key) && chunk[key] !== null) (extra ??= {})[key] = chunk[key];
    out.push({
      type: 'response-start',
      id: typeof chunk.id === 'string' ? chunk.id : '',
      model: typeof chunk.model === 'string' ? chunk.model : '',
      created: typeof chunk.created === 'number' ? chunk.created : Math.floor(Date.now() / 1000),
      ...(extra === undefined ? {} : { extra }),
    });
  }
  const choices = chunk.choices;
  if (Array.isArray(choices)) {
    for (const choice of choices as Array<Record<string, unknown>>) choiceToParts(choice, state, out);
  }
  const usage = (chunk.usage ?? (chunk.x_groq as Record<string, unknown> | undefined)?.usage) as Record<string, unknown> | null | undefined;
  if (usage !== null && typeof usage === 'object') {
    const mapped = mapOpenAIUsage(usage, state.usageQuirks, chunk.timings as Record<string, unknown> | undefined);
    out.push({ type: 'usage', usage: mapped.usage, ...(mapped.extra === undefined ? {} : { extra: mapped.extra }) });
  }
}

function choiceToParts(choice: Record<string, unknown>, state: ChunkState, out: StreamPart[]): void {
  const index = typeof choice.index === 'number' ? choice.index : 0;
  const delta = (choice.delta ?? {}) as Record<string, unknown>;
  const reasoning = delta.reasoning_content ?? delta.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') out.push({ type: 'reasoning-delta', text: reasoning, choice: index });
  const content = delta.content;
  if (typeof content === 'string') {
    if (content !== '') out.push({ type: 'text-delta', text: content, choice: index });
  } else if (Array.isArray(content)) {
    contentArrayToParts(content as Array<Record<string, unknown>>, index, out);
  }
  if (typeof delta.refusal === 'string' && delta.refusal !== '') out.push({ type: 'refusal-delta', text: delta.refusal, choice: index });
  const toolCalls = delta.tool_calls;
  if (Array.isArray(toolCalls)) toolCallsToParts(toolCalls as Array<Record<string, unknown>>, index, state, out);
  const finishReason = choice.finish_reason;
  if (typeof finishReason === 'string') {
    let extra: Record<string, unknown> | undefined;
    for (const key in choice) {
      if (key !== 'index' && key !== 'delta' && key !== 'finish_reason' && choice[key] !== null) (extra ??= {})[key] = choice[key];
    }
    const open = state.toolCalls.get(index);
    if (open !== undefined) for (const toolIndex of open.keys()) out.push({ type: 'tool-call-end', index: toolIndex, choice: index });
    state.toolCalls.delete(index);
    out.push({
      type: 'finish',
      reason: mapOpenAIFinishReason(finishReason),
      providerReason: finishReason,
      choice: index,
      ...(extra === undefined ? {} : { extra }),
    });
  }
}

function contentArrayToParts(items: Array<Record<string, unknown>>, choice: number, out: StreamPart[]): void {
  for (const item of items) {
    if (item.type === 'text' && typeof item.text === 'string') out.push({ type: 'text-delta', text: item.text, choice });
    if (item.type === 'thinking') {
      const thinking = item.thinking;
      const text = Array.isArray(thinking)
        ? (thinking as Array<Record<string, unknown>>).map((part) => (typeof part.text === 'string' ? part.text : '')).join('')
        : typeof thinking === 'string'
          ? thinking
          : '';
      if (text !== '') out.push({ type: 'reasoning-delta', text, choice });
    }
  }
}

function toolCallsToParts(calls: Array<Record<string, unknown>>, choice: number, state: ChunkState, out: StreamPart[]): void {
  let open = state.toolCalls.get(choice);
  if (open === undefined) {
    open = new Map();
    state.toolCalls.set(choice, open);
  }
  for (const call of calls) {
    const id = typeof call.id === 'string' && call.id !== '' ? call.id : undefined;
    let index: number;
    if (typeof call.index === 'number') {
      index = call.index;
    } else {
      // Mistral omits `index` and sends each call whole: number calls by order of appearance.
      const known = id === undefined ? undefined : [...open.entries()].find(([, value]) => value === id)?.[0];
      index = known ?? (id === undefined ? Math.max(0, open.size - 1) : open.size);
    }
    const fn = (call.function ?? {}) as Record<string, unknown>;
    if (!open.has(index)) {
      const callId = id ?? `call_${choice}_${index}`;
      open.set(index, callId);
      out.push({ type: 'tool-call-start', index, id: callId, name: typeof fn.name === 'string' ? fn.name : '', choice });
    }
    if (typeof fn.arguments === 'string' && fn.arguments !== '') {
      out.push({ type: 'tool-call-delta', index, argumentsDelta: fn.arguments, choice });
    } else if (fn.arguments !== null && typeof fn.arguments === 'object') {
      out.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(fn.arguments), choice });
    }
  }
}
