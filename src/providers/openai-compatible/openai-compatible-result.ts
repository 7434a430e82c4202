import type { ToolCall } from '../../spec/chat-request.js';
import type { ChatResult, ChatResultChoice } from '../../spec/chat-result.js';
import { emptyUsage } from '../../spec/usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage, type UsageQuirks } from './map-openai-usage.js';

const TOP_LEVEL_KEYS = new Set(['id', 'object', 'created', 'model', 'choices', 'usage']);
const CHOICE_KEYS = new Set(['index', 'message', 'finish_reason']);
const MESSAGE_KEYS = new Set(['role', 'content', 'tool_calls', 'reasoning_content', 'reasoning']);

/**
 * A non-streaming OpenAI-compatible response body → ChatResult. Fields the canonical shape does not
 * name (system_fingerprint, service_tier, citations, logprobs, refusal, annotations,
 * prompt_filter_results…) are carried in `extra` so an OpenAI client receives them unchanged.
 */
export function toChatResult(body: Record<string, unknown>, usageQuirks: UsageQuirks = {}): ChatResult {
  const choices = Array.isArray(body.choices) ? (body.choices as Array<Record<string, unknown>>).map(toChoice) : [];
  let extra: Record<string, unknown> | undefined;
  for (const key in body) if (!TOP_LEVEL_KEYS.has(key)) (extra ??= {})[key] = body[key];
  const rawUsage = body.usage as Record<string, unknown> | null | undefined;
  const mapped = rawUsage !== null && typeof rawUsage === 'object' ? mapOpenAIUsage(rawUsage, usageQuirks, body.timings as Record<string, unknown> | undefined) : undefined;
  return {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    created: typeof body.created === 'number' ? body.created : Math.floor(Date.now() / 1000),
    choices,
    usage: mapped?.usage ?? emptyUsage(),
    ...(extra === undefined ? {} : { extra }),
    ...(mapped?.extra === undefined ? {} : { usageExtra: mapped.extra }),
  };
}

function toChoice(choice: Record<string, unknown>, position: number): ChatResultChoice {
  const message = (choice.message ?? {}) as Record<string, unknown>;
  let content: string | null = null;
  let reasoning = firstString(message.reasoning_content, message.reasoning);
  if (typeof message.content === 'string') {
    content = message.content;
  } else if (Array.isArray(message.content)) {
    // Magistral: content is an array of text and thinking items.
    const texts: string[] = [];
    const thoughts: string[] = [];
    for (const item of message.content as Array<Record<string, unknown>>) {
      if (item.type === 'text' && typeof item.text === 'string') texts.push(item.text);
      if (item.type === 'thinking' && Array.isArray(item.thinking)) {
        for (const part of item.thinking as Array<Record<string, unknown>>) if (typeof part.text === 'string') thoughts.push(part.text);
      }
    }
    content = texts.join('');
    if (thoughts.length > 0) reasoning = (reasoning ?? '') + thoughts.join('');
  }
  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as Array<Record<string, unknown>>).map(toToolCall) : [];
  let extra: Record<string, unknown> | undefined;
  for (const key in choice) if (!CHOICE_KEYS.has(key)) (extra ??= {})[key] = choice[key];
  let messageExtra: Record<string, unknown> | undefined;
  for (const key in message) if (!MESSAGE_KEYS.has(key)) (messageExtra ??= {})[key] = message[key];
  const finish = typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined;
  return {
    index: typeof choice.index === 'number' ? choice.index : position,
    content,
    ...(reasoning === undefined ? {} : { reasoning }),
    toolCalls,
    finishReason: finish === undefined ? null : mapOpenAIFinishReason(finish),
    ...(finish === undefined ? {} : { providerFinishReason: finish }),
    ...(extra === undefined ? {} : { extra }),
    ...(messageExtra === undefined ? {} : { messageExtra }),
  };
}

function toToolCall(call: Record<string, unknown>, position: number): ToolCall {
  const fn = (call.function ?? {}) as Record<string, unknown>;
  const args = fn.arguments;
  return {
    ...call,
    id: typeof call.id === 'string' ? call.id : `call_${position}`,
    type: 'function',
    function: {
      name: typeof fn.name === 'string' ? fn.name : '',
      // Some servers (Ollama native, a few proxies) send arguments as an object.
      arguments: typeof args === 'string' ? (args === '' ? '{}' : args) : JSON.stringify(args ?? {}),
    },
  };
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string') return value;
  return undefined;
}
