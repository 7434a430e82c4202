import type { CacheControl, ChatMessage } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { parseToolArguments } from '../shared/parse-tool-arguments.js';
import type {
  AnthropicAssistantBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicUserBlock,
} from './anthropic-wire.js';
import { cacheControlOf, convertAnthropicContent } from './convert-anthropic-content.js';

export interface AnthropicConversation {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/** Message fields the translation reads, by role; any other field set on a message is refused. */
const MESSAGE_FIELDS: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content', 'cache_control']),
  developer: new Set(['role', 'content', 'cache_control']),
  user: new Set(['role', 'content', 'cache_control']),
  // `annotations` and `audio` are output-only fields a client may echo back; they never reach a model.
  assistant: new Set(['role', 'content', 'tool_calls', 'reasoning_content', 'thinking_blocks', 'cache_control', 'refusal', 'annotations', 'audio']),
  // A tool message's `name` repeats what its tool_call_id already says.
  tool: new Set(['role', 'content', 'tool_call_id', 'is_error', 'cache_control', 'name']),
};

/**
 * OpenAI messages → Anthropic's top-level `system` and alternating `messages`.
 *
 * - System and developer messages become `system` text blocks, in order, wherever they stood (the
 *   Messages API has one system prompt, so their position in the conversation is lost).
 * - Assistant turns: `thinking_blocks` first, exactly as received (signatures and redacted blocks
 *   are what Anthropic checks on the next turn), then text, then `tool_use` blocks. Reasoning text
 *   without a signature (`reasoning_content` alone, e.g. from another provider) cannot be sent back:
 *   Anthropic accepts only signed thinking, so it is left out.
 * - Tool messages become `tool_result` blocks (with `is_error`); consecutive messages of one role,
 *   tool results and the user message after them included, merge into one turn.
 * - A message's `cache_control` goes on its last block.
 * - A message left with no content (an empty string) is skipped: the API refuses empty turns.
 */
export function convertAnthropicMessages(messages: ChatMessage[], provider: string): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: Array<AnthropicUserBlock | AnthropicAssistantBlock>): void => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last !== undefined && last.role === role) (last.content as typeof blocks).push(...blocks);
    else turns.push({ role, content: blocks } as AnthropicMessage);
  };
  for (const [index, message] of messages.entries()) {
    refuseUnknownFields(message, index, provider);
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...withMessageCache(systemBlocks(message, provider), message.cache_control, index, provider));
        break;
      case 'user':
        push('user', withMessageCache(convertAnthropicContent(message, provider), message.cache_control, index, provider));
        break;
      case 'assistant':
        push('assistant', withMessageCache(assistantBlocks(message, provider), message.cache_control, index, provider));
        break;
      case 'tool':
        push('user', withMessageCache([toolResult(message, index, provider)], message.cache_control, index, provider));
        break;
      default:
        throw new GatewayError(
          'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
          `${provider} cannot take a message with role ${JSON.stringify(message.role)} (messages[${index}]); use tool messages for tool results`,
          { param: 'messages', provider },
        );
    }
  }
  return { system, messages: turns };
}

/**
 * Tool-use ids must match `^[a-zA-Z0-9_-]+$` in the Messages API. Ids made elsewhere (another
 * provider's, a client's own) are rewritten the same way in the tool_use and the tool_result, so the
 * pair still matches; Anthropic's own ids pass unchanged.
 */
export function anthropicToolUseId(id: string): string {
  return /^[a-zA-Z0-9_-]+$/.test(id) ? id : id.replace(/[^a-zA-Z0-9_-]/g, '_') || '_';
}

function systemBlocks(message: ChatMessage, provider: string): AnthropicTextBlock[] {
  const blocks = convertAnthropicContent(message, provider);
  for (const block of blocks) {
    if (block.type !== 'text') {
      throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `${provider} takes only text in a ${message.role} message; found a ${block.type} part`, {
        param: 'messages',
        provider,
      });
    }
  }
  return blocks as AnthropicTextBlock[];
}

function assistantBlocks(message: ChatMessage, provider: string): AnthropicAssistantBlock[] {
  const blocks: AnthropicAssistantBlock[] = [];
  for (const block of message.thinking_blocks ?? []) {
    if (block.type === 'redacted_thinking') blocks.push({ type: 'redacted_thinking', data: block.data });
    // A block without a signature cannot be verified by Anthropic, so it cannot go back (see above).
    else if (block.type === 'thinking' && typeof block.signature === 'string' && block.signature !== '') {
      blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    }
  }
  blocks.push(...(convertAnthropicContent(message, provider) as AnthropicAssistantBlock[]));
  if (typeof message.refusal === 'string' && message.refusal !== '' && (message.content === null || message.content === undefined || message.content === '')) {
    blocks.push({ type: 'text', text: message.refusal });
  }
  for (const call of message.tool_calls ?? []) {
    if ((call.type !== undefined && call.type !== 'function') || typeof call.function?.name !== 'string') {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', `${provider}: assistant tool_calls must be function calls with a name`, { param: 'messages', provider });
    }
    blocks.push({
      type: 'tool_use',
      id: anthropicToolUseId(String(call.id ?? '')),
      name: call.function.name,
      input: parseToolArguments(call.function.arguments ?? '', call.function.name),
    });
  }
  return blocks;
}

function toolResult(message: ChatMessage, index: number, provider: string): AnthropicToolResultBlock {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `messages[${index}]: a tool message needs a tool_call_id`, { param: 'messages', provider });
  }
  const block: AnthropicToolResultBlock = {
    type: 'tool_result',
    tool_use_id: anthropicToolUseId(message.tool_call_id),
    content: toolResultContent(message, provider),
  };
  if (message.is_error === true) block.is_error = true;
  return block;
}

/** A string stays a string; parts become text and image blocks (what a tool_result may hold). */
function toolResultContent(message: ChatMessage, provider: string): AnthropicToolResultBlock['content'] {
  if (typeof message.content === 'string') return message.content;
  if (message.content === null || message.content === undefined) return '';
  const blocks = convertAnthropicContent(message, provider);
  const result: Exclude<AnthropicToolResultBlock['content'], string> = [];
  for (const block of blocks) {
    if (block.type === 'document') {
      throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `${provider} takes text and images in a tool result, not files`, { param: 'messages', provider });
    }
    result.push(block);
  }
  return result;
}

/** The message's `cache_control` on its last block (never on a thinking block, where Anthropic refuses it). */
function withMessageCache<T extends { type: string; cache_control?: CacheControl }>(
  blocks: T[],
  cacheControl: unknown,
  index: number,
  provider: string,
): T[] {
  const control = cacheControlOf(cacheControl);
  if (control === undefined) return blocks;
  const last = blocks[blocks.length - 1];
  if (last === undefined || last.type === 'thinking' || last.type === 'redacted_thinking') {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `messages[${index}]: cache_control needs text, an image or a tool call to mark (${provider})`, {
      param: 'messages',
      provider,
    });
  }
  blocks[blocks.length - 1] = { ...last, cache_control: control };
  return blocks;
}

function refuseUnknownFields(message: ChatMessage, index: number, provider: string): void {
  const known = MESSAGE_FIELDS[message.role];
  if (known === undefined) return;
  for (const key in message) {
    if (message[key] === undefined || message[key] === null || known.has(key)) continue;
    const why = key === 'name' ? 'Anthropic has no participant names' : 'it has no equivalent in the Messages API';
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', `messages[${index}].${key} is not supported by ${provider}: ${why}`, {
      param: `messages[${index}].${key}`,
      provider,
    });
  }
}
