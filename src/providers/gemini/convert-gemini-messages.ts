import type { ChatMessage } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { textOfContent } from '../shared/text-of-content.js';
import { convertGeminiAssistantMessage, type AssistantMessageOptions } from './convert-gemini-assistant-message.js';
import { convertGeminiToolResult } from './convert-gemini-tool-result.js';
import { convertGeminiUserContent, type UserContentOptions } from './convert-gemini-user-content.js';
import { decodeGeminiToolCallId } from './gemini-tool-call-id.js';
import type { GeminiContent, GeminiPart, GeminiRequestBody } from './gemini-wire.js';

export type MessagesOptions = UserContentOptions & AssistantMessageOptions;

/**
 * The OpenAI message list → Gemini's `systemInstruction` and `contents`.
 *
 * - system and developer messages → `systemInstruction` parts, in order (Gemini has one system
 *   instruction, so one given mid-conversation loses its position: PROVIDER-MAPPING §7);
 * - user → `user`, assistant → `model`, tool results → `functionResponse` parts of a `user` turn;
 * - a tool result names its function, which OpenAI leaves out: it is taken from the assistant call
 *   with the same id (else the message's own `name`);
 * - consecutive turns of one role are merged into one turn (their parts kept apart, in order).
 */
export async function convertGeminiMessages(
  messages: ChatMessage[],
  options: MessagesOptions,
): Promise<Pick<GeminiRequestBody, 'systemInstruction' | 'contents'>> {
  const system: Array<{ text: string }> = [];
  const turns: Array<{ role: GeminiContent['role']; parts: GeminiPart[] | Promise<GeminiPart[]> }> = [];
  const callNames = new Map<string, string>();
  for (const [index, message] of messages.entries()) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOfContent(message, options.provider);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user': {
        // Started now, awaited below: every image of the conversation is fetched at once. The
        // no-op catch keeps a failure from going unhandled if a later message throws first.
        const parts = convertGeminiUserContent(message, options);
        parts.catch(() => {});
        turns.push({ role: 'user', parts });
        break;
      }
      case 'assistant':
        for (const call of message.tool_calls ?? []) {
          callNames.set(call.id, call.function.name);
          callNames.set(decodeGeminiToolCallId(call.id).base, call.function.name);
        }
        turns.push({ role: 'model', parts: convertGeminiAssistantMessage(message, options) });
        break;
      case 'tool': {
        const id = message.tool_call_id ?? '';
        const base = decodeGeminiToolCallId(id).base;
        const name = callNames.get(id) ?? callNames.get(base) ?? message.name;
        if (name === undefined) {
          throw new GatewayError(
            'GW_ERR_REQUEST_INVALID',
            `messages[${index}]: tool_call_id ${JSON.stringify(id)} matches no earlier assistant tool call, and Gemini needs the function's name`,
            { param: 'messages' },
          );
        }
        turns.push({ role: 'user', parts: [convertGeminiToolResult(message, name, options.sendCallIds ? base : undefined, options.provider)] });
        break;
      }
      default:
        throw new GatewayError(
          'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
          `messages[${index}]: ${options.provider} has no ${JSON.stringify(message.role)} role; use tool messages for tool results`,
          { param: 'messages', provider: options.provider },
        );
    }
  }
  const settled = await Promise.all(turns.map((turn) => turn.parts));
  const contents: GeminiContent[] = [];
  for (const [index, turn] of turns.entries()) {
    const parts = settled[index]!;
    if (parts.length === 0) continue;
    const last = contents[contents.length - 1];
    if (last !== undefined && last.role === turn.role) last.parts.push(...parts);
    else contents.push({ role: turn.role, parts: [...parts] });
  }
  if (contents.length === 0) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', 'messages: Gemini needs at least one user or assistant message with content besides the system messages', {
      param: 'messages',
    });
  }
  return system.length === 0 ? { contents } : { systemInstruction: { parts: system }, contents };
}
