import type { ChatMessage } from '../../spec/chat-request.js';
import { textOfContent } from '../shared/text-of-content.js';
import type { GeminiPart } from './gemini-wire.js';

/**
 * A `tool` message → a `functionResponse` part (https://ai.google.dev/api/caching#FunctionResponse).
 * Gemini wants the function's name and an object: a result that is a JSON object is sent as that
 * object (Gemini takes a response without `output`/`error` keys whole as the output); any other text
 * is wrapped as `{output: …}`; a failed call (`is_error`) as `{error: …}`. Tool results take text
 * only here (images in tool results are refused by textOfContent).
 */
export function convertGeminiToolResult(message: ChatMessage, name: string, callId: string | undefined, provider: string): GeminiPart {
  const text = textOfContent(message, provider);
  const value = jsonObjectOf(text);
  let response: Record<string, unknown>;
  if (message.is_error === true) response = { error: value ?? text };
  else response = value ?? { output: text };
  return { functionResponse: { ...(callId === undefined ? {} : { id: callId }), name, response } };
}

function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
