import type { ChatMessage, ContentPart, ToolCall } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { textOfContent } from '../shared/text-of-content.js';
import type { CohereAssistantContent, CohereMessage, CohereToolCall, CohereUserContent } from './cohere-wire.js';

/**
 * OpenAI messages → Cohere v2 messages. Cohere keeps the roles inline (system, user, assistant,
 * tool), so positions are kept. The choices where the two differ (docs/providers.md):
 *
 * - `developer` is a `system` message; `name` on any message is left out (Cohere has no field for it).
 * - User images go as `image_url` parts, URL or data URL as given (Cohere fetches URLs itself) with
 *   `detail`; other part types (audio, files) are refused.
 * - Assistant reasoning from an earlier turn (`thinking_blocks` of type `thinking`, else
 *   `reasoning_content`) goes back as Cohere's `tool_plan` when the turn called tools (that is where
 *   Cohere puts the reasoning that leads to tool calls, and where this adapter reads it from) and as
 *   a `thinking` content block otherwise. Signatures and `redacted_thinking` blocks are another
 *   provider's state that Cohere cannot check, so they are left out.
 * - Tool call arguments stay strings (`""` becomes `"{}"`).
 * - A tool result with `is_error: true` has no flag in Cohere: its text is sent prefixed with
 *   "Error: " (unless it already starts with "error"), so the model still reads it as a failure.
 * - `cache_control` is ignored: Cohere caches prompts by itself.
 */
export function convertToCohereMessages(messages: readonly ChatMessage[], provider: string): CohereMessage[] {
  const result: CohereMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        result.push({ role: 'system', content: textOfContent(message, provider) });
        break;
      case 'user':
        result.push({ role: 'user', content: userContent(message.content, provider) });
        break;
      case 'assistant':
        result.push(assistantMessage(message, provider));
        break;
      case 'tool':
        result.push(toolMessage(message, provider));
        break;
      default:
        throw new GatewayError(
          'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
          `${provider} does not take ${JSON.stringify(message.role)} messages; send tool results as role "tool" with tool_call_id`,
          { param: 'messages', provider },
        );
    }
  }
  return result;
}

function userContent(content: ChatMessage['content'], provider: string): string | CohereUserContent[] {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  // Text-only content goes as a string, the form every Cohere model takes.
  if (content.every((part) => part.type === 'text')) return content.map((part) => String(part.text ?? '')).join('');
  return content.map((part) => userPart(part, provider));
}

function userPart(part: ContentPart, provider: string): CohereUserContent {
  if (part.type === 'text') return { type: 'text', text: String(part.text ?? '') };
  if (part.type === 'image_url') {
    // Clients may send the Mistral-style bare string as well as OpenAI's object.
    const image = part.image_url as { url?: unknown; detail?: unknown } | string | undefined;
    const url = typeof image === 'string' ? image : image?.url;
    if (typeof url !== 'string' || url === '') {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', 'an image_url part needs image_url.url', { param: 'messages', provider });
    }
    const detail = typeof image === 'object' && typeof image.detail === 'string' ? image.detail : undefined;
    return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
  }
  throw new GatewayError(
    'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
    `${provider} takes text and images in user messages; a ${JSON.stringify(part.type)} part has no Cohere equivalent`,
    { param: 'messages', provider },
  );
}

function assistantMessage(message: ChatMessage, provider: string): CohereMessage {
  const text = assistantText(message.content, provider);
  const reasoning = reasoningOf(message);
  const calls = message.tool_calls ?? [];
  if (calls.length > 0) {
    return {
      role: 'assistant',
      ...(text === '' ? {} : { content: text }),
      tool_calls: calls.map(toCohereToolCall),
      ...(reasoning === '' ? {} : { tool_plan: reasoning }),
    };
  }
  if (reasoning === '') return { role: 'assistant', content: text };
  const content: CohereAssistantContent[] = [{ type: 'thinking', thinking: reasoning }];
  if (text !== '') content.push({ type: 'text', text });
  return { role: 'assistant', content };
}

/** Assistant text; a `refusal` part is what the assistant said, so it counts as text. */
function assistantText(content: ChatMessage['content'], provider: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (part.type === 'refusal' && typeof part.refusal === 'string') text += part.refusal;
    else {
      throw new GatewayError(
        'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
        `${provider} takes only text in assistant messages; found a ${JSON.stringify(part.type)} part`,
        { param: 'messages', provider },
      );
    }
  }
  return text;
}

function reasoningOf(message: ChatMessage): string {
  const blocks = message.thinking_blocks?.filter((block) => block.type === 'thinking') ?? [];
  if (blocks.length > 0) return blocks.map((block) => (block.type === 'thinking' ? block.thinking : '')).join('');
  return typeof message.reasoning_content === 'string' ? message.reasoning_content : '';
}

function toCohereToolCall(call: ToolCall): CohereToolCall {
  const args = call.function.arguments;
  return { id: call.id, type: 'function', function: { name: call.function.name, arguments: args === undefined || args.trim() === '' ? '{}' : args } };
}

function toolMessage(message: ChatMessage, provider: string): CohereMessage {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', 'a tool message needs the tool_call_id of the call it answers', { param: 'messages', provider });
  }
  let text = textOfContent(message, provider);
  if (message.is_error === true && !/^error/i.test(text.trimStart())) text = `Error: ${text}`;
  return { role: 'tool', tool_call_id: message.tool_call_id, content: text };
}
