import type { ThinkingBlock, ToolCall } from '../../spec/chat-request.js';
import type { ChatResult, ChatResultChoice } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

/**
 * A non-streaming Messages API response → a ChatResult. Content blocks in order: `text` joins into
 * the content, `thinking` into the reasoning, `thinking` and `redacted_thinking` (with their
 * signatures) into `thinkingBlocks` for the next turn, `tool_use` into tool calls (arguments as a
 * JSON string, `{}` when there are none). Blocks of server tools and other kinds the OpenAI format
 * cannot carry are not part of the answer. The matched `stop_sequence` goes in the choice's `extra`.
 */
export function anthropicMessageToResult(body: Record<string, unknown>, provider: string, fallbackModel: string): ChatResult {
  if (!Array.isArray(body.content)) {
    throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: the response has no content array`, { provider });
  }
  let text: string | null = null;
  let reasoning: string | undefined;
  const thinkingBlocks: ThinkingBlock[] = [];
  const toolCalls: ToolCall[] = [];
  for (const item of body.content as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const block = item as Record<string, unknown>;
    switch (block.type) {
      case 'text':
        if (typeof block.text === 'string') text = (text ?? '') + block.text;
        break;
      case 'thinking': {
        const thinking = typeof block.thinking === 'string' ? block.thinking : '';
        if (thinking !== '') reasoning = (reasoning ?? '') + thinking;
        thinkingBlocks.push(
          typeof block.signature === 'string' ? { type: 'thinking', thinking, signature: block.signature } : { type: 'thinking', thinking },
        );
        break;
      }
      case 'redacted_thinking':
        if (typeof block.data === 'string') thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      case 'tool_use':
        toolCalls.push({
          id: String(block.id ?? ''),
          type: 'function',
          function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
    }
  }
  const stopReason = typeof body.stop_reason === 'string' ? body.stop_reason : undefined;
  const choice: ChatResultChoice = { index: 0, content: text, toolCalls, finishReason: mapAnthropicFinishReason(stopReason) };
  if (stopReason !== undefined) choice.providerFinishReason = stopReason;
  // Which sequence matched has no OpenAI field; the Anthropic endpoint gives it back as `stop_sequence`.
  if (typeof body.stop_sequence === 'string') choice.extra = { stop_sequence: body.stop_sequence };
  if (reasoning !== undefined) choice.reasoning = reasoning;
  if (thinkingBlocks.length > 0) choice.thinkingBlocks = thinkingBlocks;
  return {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : fallbackModel,
    created: Math.floor(Date.now() / 1000),
    choices: [choice],
    usage: mapAnthropicUsage(body.usage as Parameters<typeof mapAnthropicUsage>[0]),
  };
}
