import type { CacheControl, ChatMessage, ContentPart, ThinkingBlock, ToolCall } from '../../spec/chat-request.js';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-request-schema.js';
import { contentBlockToParts, partsOrText, textPart } from './convert-anthropic-content.js';
import { refuseAnthropicField } from './refuse-anthropic-field.js';

/**
 * Anthropic messages → canonical (OpenAI-shaped) messages, in order:
 * - a user message's `tool_result` blocks become one `tool` message each (in order, with `is_error`),
 *   placed before a user message holding the rest of its blocks (Anthropic puts tool results first;
 *   OpenAI needs tool messages right after the assistant's calls);
 * - an assistant message's `tool_use` blocks become `tool_calls` (ids kept, input as a JSON string),
 *   its thinking blocks `reasoning_content` plus `thinking_blocks` (only blocks with state to give back:
 *   a signature, or redacted data), its text blocks the content;
 * - `system` messages (newer API versions allow them in the list) stay system messages.
 */
export function convertAnthropicMessages(messages: AnthropicMessage[]): ChatMessage[] {
  const converted: ChatMessage[] = [];
  for (const [index, message] of messages.entries()) {
    const path = `messages[${index}]`;
    if (typeof message.content === 'string') {
      converted.push({ role: message.role, content: message.content });
    } else if (message.role === 'assistant') {
      converted.push(assistantMessage(message.content, path));
    } else if (message.role === 'system') {
      converted.push({ role: 'system', content: partsOrText(message.content.map((block, at) => systemPart(block, `${path}.content[${at}]`))) });
    } else {
      userMessages(message.content, path, converted);
    }
  }
  return converted;
}

function systemPart(block: AnthropicContentBlock, path: string): ContentPart {
  if (block.type !== 'text') throw refuseAnthropicField(`${path}.type`, 'a system message may hold only text blocks', 'GW_ERR_REQUEST_INVALID');
  return textPart(block, path);
}

function userMessages(blocks: AnthropicContentBlock[], path: string, converted: ChatMessage[]): void {
  const parts: ContentPart[] = [];
  for (const [index, block] of blocks.entries()) {
    const blockPath = `${path}.content[${index}]`;
    if (block.type === 'tool_result') converted.push(toolMessage(block, blockPath));
    else if (block.type === 'tool_use' || block.type === 'thinking' || block.type === 'redacted_thinking') {
      throw refuseAnthropicField(`${blockPath}.type`, `a ${block.type} block belongs in an assistant message, not a user message`, 'GW_ERR_REQUEST_INVALID');
    } else parts.push(...contentBlockToParts(block, blockPath));
  }
  // A user message of tool results only needs no empty user message after them.
  if (parts.length > 0 || blocks.length === 0) converted.push({ role: 'user', content: partsOrText(parts) });
}

function toolMessage(block: AnthropicContentBlock, path: string): ChatMessage {
  const id = block.tool_use_id as string;
  const content = block.content as string | AnthropicContentBlock[] | null | undefined;
  let converted: string | ContentPart[] = '';
  if (typeof content === 'string') converted = content;
  else if (Array.isArray(content)) converted = partsOrText(content.flatMap((inner, index) => contentBlockToParts(inner, `${path}.content[${index}]`)));
  const message: ChatMessage = { role: 'tool', tool_call_id: id, content: converted };
  if (block.is_error === true) message.is_error = true;
  if (block.cache_control !== undefined && block.cache_control !== null) message.cache_control = block.cache_control as CacheControl;
  return message;
}

function assistantMessage(blocks: AnthropicContentBlock[], path: string): ChatMessage {
  const parts: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  let reasoning: string | undefined;
  let cacheControl: CacheControl | undefined;
  for (const [index, block] of blocks.entries()) {
    const blockPath = `${path}.content[${index}]`;
    switch (block.type) {
      case 'text':
        parts.push(textPart(block, blockPath));
        break;
      case 'tool_use': {
        toolCalls.push({ id: block.id as string, type: 'function', function: { name: block.name as string, arguments: JSON.stringify(block.input ?? {}) } });
        // OpenAI-shaped messages have no breakpoint on a tool call: it moves to the end of this message.
        if (block.cache_control !== undefined && block.cache_control !== null) cacheControl = block.cache_control as CacheControl;
        refuseServerCaller(block, blockPath);
        break;
      }
      case 'thinking': {
        reasoning = (reasoning ?? '') + (block.thinking as string);
        // A thinking block without a signature came from a model that gives none back: nothing to return.
        if (typeof block.signature === 'string' && block.signature !== '') {
          thinkingBlocks.push({ type: 'thinking', thinking: block.thinking as string, signature: block.signature });
        }
        break;
      }
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data as string });
        break;
      default:
        throw refuseAnthropicField(
          `${blockPath}.type`,
          `a ${JSON.stringify(block.type)} block in an assistant message is not supported by the gateway's Anthropic-compatible endpoint (it takes text, tool_use, thinking and redacted_thinking)`,
          'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
        );
    }
  }
  const message: ChatMessage = { role: 'assistant', content: parts.length === 0 && toolCalls.length > 0 ? null : partsOrText(parts) };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  if (cacheControl !== undefined) message.cache_control = cacheControl;
  return message;
}

/** `caller` says who called the tool; only a direct call (the model itself) exists outside Anthropic's servers. */
function refuseServerCaller(block: AnthropicContentBlock, path: string): void {
  const caller = block.caller as { type?: unknown } | null | undefined;
  if (caller === undefined || caller === null || caller.type === 'direct') return;
  throw refuseAnthropicField(`${path}.caller`, `a tool call made by ${JSON.stringify(caller.type)} (a server-side tool) is not supported by the gateway`, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
}
