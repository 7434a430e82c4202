import { randomUUID } from 'node:crypto';
import type { ChatResult } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.js';

/**
 * A collected result → an Anthropic `message` object, with the fields current API versions return
 * (`citations`, `caller`, `stop_details`, `container` as null or direct where the gateway has nothing
 * more to say). Content blocks come in the order a canonical result can tell: thinking (signed or
 * redacted blocks as the upstream gave them; reasoning text without state becomes one thinking block
 * with an empty signature), then text (a refusal's text too), then tool_use blocks. `model` is the
 * name the client asked for; the x-skyroute-provider / x-skyroute-model headers name what served it.
 */
export function encodeAnthropicMessage(result: ChatResult, model: string): Record<string, unknown> {
  const choice = result.choices.find((candidate) => candidate.index === 0);
  const content: Array<Record<string, unknown>> = [];
  const stopReason = mapFinishReasonToAnthropic(choice?.finishReason, choice?.providerFinishReason, typeof choice?.messageExtra?.refusal === 'string');
  if (choice !== undefined) {
    if (choice.thinkingBlocks !== undefined) {
      for (const block of choice.thinkingBlocks) {
        content.push(block.type === 'redacted_thinking' ? { type: 'redacted_thinking', data: block.data } : { type: 'thinking', thinking: block.thinking, signature: block.signature ?? '' });
      }
    } else if (choice.reasoning !== undefined && choice.reasoning !== '') {
      content.push({ type: 'thinking', thinking: choice.reasoning, signature: '' });
    }
    const refusal = choice.messageExtra?.refusal;
    const text = (choice.content ?? '') + (typeof refusal === 'string' ? refusal : '');
    if (text !== '') content.push({ type: 'text', text, citations: null });
    for (const call of choice.toolCalls) {
      const input = toolInput(call.function.arguments, call.function.name, stopReason === 'max_tokens');
      content.push({ type: 'tool_use', id: call.id, name: call.function.name, input, caller: DIRECT_CALLER });
    }
  }
  return {
    id: anthropicMessageId(result.id),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequenceOf(choice?.extra),
    stop_details: null,
    container: null,
    usage: encodeAnthropicUsage(result.usage),
  };
}

/** Every tool call a model behind the gateway makes is its own (current API versions name the caller). */
export const DIRECT_CALLER = Object.freeze({ type: 'direct' });

/** Anthropic ids start with `msg_`; another upstream's id is kept after the prefix, so logs still match. */
export function anthropicMessageId(upstreamId: string): string {
  if (upstreamId.startsWith('msg_')) return upstreamId;
  return `msg_${upstreamId === '' ? randomUUID().replaceAll('-', '') : upstreamId}`;
}

/** The matched stop sequence, where the upstream said which (an Anthropic upstream's `stop_sequence`). */
export function stopSequenceOf(extra: Record<string, unknown> | undefined): string | null {
  const value = extra?.stop_sequence;
  return typeof value === 'string' ? value : null;
}

/**
 * Tool arguments (a JSON string) → Anthropic's `input` object. Arguments cut short by max_tokens
 * cannot parse: the call is returned with an empty input, as the stop reason tells the client.
 * Any other invalid JSON from the model is a 502 rather than a silently emptied call.
 */
function toolInput(text: string, name: string, truncated: boolean): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // judged below
  }
  if (truncated) return {};
  throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `The model called tool ${JSON.stringify(name)} with arguments that are not a JSON object: ${text.slice(0, 200)}`);
}
