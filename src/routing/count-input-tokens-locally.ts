import type { ChatRequest, ContentPart } from '../spec/chat-request.js';

/** Framing per message (role, separators) and priming of the reply, as OpenAI's cookbook counts for its chat models. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_FOR_REPLY = 3;
/**
 * An image's size is not read, so each counts as Anthropic's largest (about 1,600 tokens for an image
 * near 1.15 megapixels): an estimate used to check whether a prompt fits errs on the safe side.
 */
const TOKENS_PER_IMAGE = 1600;

/**
 * An estimate of a request's input tokens for models whose provider has no counting endpoint:
 * the text of every message (tool calls as their name and arguments, tool results as their content)
 * and of every tool definition (name, description, JSON schema), counted with `countText`, plus the
 * fixed costs above. Reasoning of earlier turns is not counted, as Anthropic does not count it.
 */
export function countInputTokensLocally(request: ChatRequest, countText: (text: string) => number): number {
  let total = TOKENS_FOR_REPLY;
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE;
    const { content } = message;
    if (typeof content === 'string') total += countText(content);
    else if (Array.isArray(content)) for (const part of content) total += countPart(part, countText);
    for (const call of message.tool_calls ?? []) total += countText(call.function.name) + countText(call.function.arguments);
  }
  for (const tool of request.tools ?? []) total += countText(JSON.stringify(tool.function));
  return total;
}

function countPart(part: ContentPart, countText: (text: string) => number): number {
  if (part.type === 'text' && typeof part.text === 'string') return countText(part.text);
  if (part.type === 'image_url') return TOKENS_PER_IMAGE;
  return countText(JSON.stringify(part));
}
