import type { CacheControl, ChatMessage, ContentPart, ThinkingBlock } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { Cancellation } from '../../upstream/cancellation.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import { parseToolArguments } from '../shared/parse-tool-arguments.js';
import { bedrockImageBlock } from './bedrock-image-block.js';
import { bedrockToolCallId } from './bedrock-tool-call-id.js';

export type BedrockBlock = Record<string, unknown>;

export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockBlock[];
}

export interface BedrockConversation {
  system: BedrockBlock[];
  messages: BedrockMessage[];
}

export interface BedrockMessagesContext {
  provider: string;
  fetchImage: ImageFetcher;
  cancellation: Cancellation;
}

/**
 * OpenAI messages → Bedrock `system` blocks and `messages`.
 *
 * - system/developer messages become top-level system blocks, in order (their position in the
 *   conversation is lost: Converse has one system prompt).
 * - tool messages become `toolResult` blocks of a user message; consecutive messages of one role
 *   (tool results, then the user's next words) are merged, since Bedrock wants roles to alternate.
 * - an assistant message's `thinking_blocks` go first, then its text, then its tool calls.
 * - `cache_control` on a part (or on a message: its last part, or a tool result) adds a `cachePoint`
 *   block after it.
 * - empty text parts are left out (Bedrock rejects blank text blocks); `reasoning_content` of an
 *   earlier turn is not sent: Bedrock only takes reasoning back as the signed blocks in
 *   `thinking_blocks`, which carry the same text.
 */
export async function convertToBedrockMessages(messages: ChatMessage[], context: BedrockMessagesContext): Promise<BedrockConversation> {
  const conversation: BedrockConversation = { system: [], messages: [] };
  const images: Array<Promise<void>> = [];
  try {
    for (const message of messages) addMessage(conversation, message, context, images);
  } catch (error) {
    // Images already being fetched must not turn into unhandled rejections.
    for (const image of images) image.catch(() => {});
    throw error;
  }
  await Promise.all(images);
  return conversation;
}

function addMessage(conversation: BedrockConversation, message: ChatMessage, context: BedrockMessagesContext, images: Array<Promise<void>>): void {
  switch (message.role) {
    case 'system':
    case 'developer':
      addContent(conversation.system, message, context, images, false);
      addMessageCachePoint(conversation.system, message.cache_control);
      break;
    case 'user': {
      const blocks: BedrockBlock[] = [];
      addContent(blocks, message, context, images, true);
      addMessageCachePoint(blocks, message.cache_control);
      append(conversation, 'user', blocks);
      break;
    }
    case 'assistant':
      append(conversation, 'assistant', assistantBlocks(message, context, images));
      break;
    case 'tool':
      append(conversation, 'user', toolResultBlocks(message, context, images));
      break;
    default:
      throw new GatewayError(
        'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
        `${context.provider} (Bedrock) has no ${JSON.stringify(message.role)} messages; send tool results as role "tool"`,
        { param: 'messages', provider: context.provider },
      );
  }
}

function append(conversation: BedrockConversation, role: 'user' | 'assistant', blocks: BedrockBlock[]): void {
  if (blocks.length === 0) return;
  const last = conversation.messages.at(-1);
  if (last !== undefined && last.role === role) last.content.push(...blocks);
  else conversation.messages.push({ role, content: blocks });
}

function assistantBlocks(message: ChatMessage, context: BedrockMessagesContext, images: Array<Promise<void>>): BedrockBlock[] {
  if (message.function_call !== undefined && message.function_call !== null) {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `${context.provider} (Bedrock) takes tool_calls, not the legacy function_call`, {
      param: 'messages',
      provider: context.provider,
    });
  }
  const blocks: BedrockBlock[] = (message.thinking_blocks ?? []).map((block) => reasoningBlock(block, context.provider));
  addContent(blocks, message, context, images, false);
  for (const call of message.tool_calls ?? []) {
    blocks.push({
      toolUse: {
        toolUseId: bedrockToolCallId(call.id),
        name: call.function.name,
        input: parseToolArguments(call.function.arguments ?? '', call.function.name),
      },
    });
  }
  addMessageCachePoint(blocks, message.cache_control);
  return blocks;
}

function reasoningBlock(block: ThinkingBlock, provider: string): BedrockBlock {
  if (block.type === 'thinking') {
    return { reasoningContent: { reasoningText: { text: block.thinking, ...(block.signature === undefined ? {} : { signature: block.signature }) } } };
  }
  if (block.type === 'redacted_thinking') return { reasoningContent: { redactedContent: block.data } };
  throw new GatewayError('GW_ERR_REQUEST_INVALID', `thinking_blocks: unknown block type ${JSON.stringify((block as { type: unknown }).type)}`, {
    param: 'messages',
    provider,
  });
}

function toolResultBlocks(message: ChatMessage, context: BedrockMessagesContext, images: Array<Promise<void>>): BedrockBlock[] {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', 'a tool message needs the tool_call_id of the call it answers', { param: 'messages' });
  }
  const content: BedrockBlock[] = [];
  if (typeof message.content === 'string' || message.content === null || message.content === undefined) {
    // Always one block: a tool result with no content at all is rejected.
    content.push({ text: message.content ?? '' });
  } else {
    addContent(content, message, context, images, true, false);
    if (content.length === 0) content.push({ text: '' });
  }
  const blocks: BedrockBlock[] = [
    { toolResult: { toolUseId: bedrockToolCallId(message.tool_call_id), content, ...(message.is_error === true ? { status: 'error' } : {}) } },
  ];
  // A cache point cannot sit inside a tool result: one on the message or on any of its parts goes after it.
  const parts = Array.isArray(message.content) ? message.content : [];
  const partControl = parts.findLast((part) => part.cache_control !== undefined && part.cache_control !== null)?.cache_control as CacheControl | undefined;
  addMessageCachePoint(blocks, message.cache_control ?? partControl);
  return blocks;
}

/** Appends a message's content: text parts (and images where `imagesAllowed`), each followed by its cache point. */
function addContent(
  blocks: BedrockBlock[],
  message: ChatMessage,
  context: BedrockMessagesContext,
  images: Array<Promise<void>>,
  imagesAllowed: boolean,
  cachePoints = true,
): void {
  const { content } = message;
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    if (content !== '') blocks.push({ text: content });
    return;
  }
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') {
      if (part.text !== '') blocks.push({ text: part.text });
    } else if (part.type === 'image_url' && imagesAllowed) {
      const block: BedrockBlock = {};
      blocks.push(block);
      images.push(loadInto(block, part, context));
    } else {
      throw new GatewayError(
        'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
        `${context.provider} (Bedrock) cannot take a ${JSON.stringify(part.type)} part in a ${message.role} message`,
        { param: 'messages', provider: context.provider },
      );
    }
    if (cachePoints) addMessageCachePoint(blocks, part.cache_control as CacheControl | undefined);
  }
}

/** Images load concurrently; each fills the placeholder block that keeps its place in the order. */
async function loadInto(block: BedrockBlock, part: ContentPart, context: BedrockMessagesContext): Promise<void> {
  const url = (part.image_url as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', 'an image_url part needs image_url.url', { param: 'messages' });
  }
  Object.assign(block, await bedrockImageBlock(url, context.provider, context.fetchImage, context.cancellation));
}

/** A cache point after the last block, unless there is none or the last block already is one. */
function addMessageCachePoint(blocks: BedrockBlock[], control: CacheControl | undefined): void {
  if (control === undefined || control === null || blocks.length === 0) return;
  if (blocks.at(-1)!.cachePoint !== undefined) return;
  blocks.push(bedrockCachePoint(control));
}

/** Bedrock's CachePointBlock: type `default`, optional `ttl` (`5m` or `1h`, as in cache_control). */
export function bedrockCachePoint(control: CacheControl): BedrockBlock {
  return { cachePoint: { type: 'default', ...(control.ttl === undefined ? {} : { ttl: control.ttl }) } };
}
