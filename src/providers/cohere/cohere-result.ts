import { randomUUID } from 'node:crypto';
import type { ToolCall } from '../../spec/chat-request.js';
import type { ChatResult, ChatResultChoice } from '../../spec/chat-result.js';
import { cohereGenerationError } from './cohere-error.js';
import type { CohereChatResponse } from './cohere-wire.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';
import { mapCohereLogprobs } from './map-cohere-logprobs.js';
import { mapCohereUsage } from './map-cohere-usage.js';

/**
 * A non-streaming Cohere `/v2/chat` response → ChatResult. Text blocks are the content, `thinking`
 * blocks and the `tool_plan` are the reasoning (`reasoning_content`, thinking first), tool calls keep
 * Cohere's ids, `citations` and `logprobs` go on the choice (logprobs in OpenAI's shape). Cohere's
 * response names no model, so the requested one is reported. A `finish_reason` of `ERROR` rejects
 * (see cohere-error.ts).
 */
export function toCohereChatResult(body: CohereChatResponse, provider: string, model: string): ChatResult {
  if (body.finish_reason === 'ERROR') throw cohereGenerationError(provider, undefined);
  const message = body.message ?? {};
  let content: string | null = null;
  let reasoning: string | undefined;
  for (const block of message.content ?? []) {
    if (block?.type === 'text' && typeof block.text === 'string') content = (content ?? '') + block.text;
    else if (block?.type === 'thinking' && typeof block.thinking === 'string' && block.thinking !== '') reasoning = (reasoning ?? '') + block.thinking;
  }
  if (typeof message.tool_plan === 'string' && message.tool_plan !== '') reasoning = (reasoning ?? '') + message.tool_plan;
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call, index) => ({
    id: typeof call?.id === 'string' ? call.id : `call_${index}`,
    type: 'function',
    function: { name: call?.function?.name ?? '', arguments: toolArguments(call?.function?.arguments) },
  }));
  const choice: ChatResultChoice = {
    index: 0,
    content,
    toolCalls,
    finishReason: mapCohereFinishReason(body.finish_reason),
    ...(body.finish_reason === undefined ? {} : { providerFinishReason: body.finish_reason }),
    ...(reasoning === undefined ? {} : { reasoning }),
  };
  const extra: Record<string, unknown> = {};
  if (Array.isArray(message.citations) && message.citations.length > 0) extra.citations = message.citations;
  if (Array.isArray(body.logprobs) && body.logprobs.length > 0) extra.logprobs = { content: mapCohereLogprobs(body.logprobs), refusal: null };
  if (Object.keys(extra).length > 0) choice.extra = extra;
  const usage = mapCohereUsage(body.usage);
  return {
    id: typeof body.id === 'string' && body.id !== '' ? body.id : randomUUID(),
    model,
    created: Math.floor(Date.now() / 1000),
    choices: [choice],
    usage: usage.usage,
    ...(usage.extra === undefined ? {} : { usageExtra: usage.extra }),
  };
}

/** Cohere sends `null` (or nothing) for a call without arguments; OpenAI clients expect a JSON object. */
export function toolArguments(value: string | null | undefined): string {
  if (typeof value !== 'string') return '{}';
  const trimmed = value.trim();
  return trimmed === '' || trimmed === 'null' ? '{}' : value;
}
