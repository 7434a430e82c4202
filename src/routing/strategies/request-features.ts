import type { ChatRequest } from '../../spec/chat-request.js';
import type { Cancellation } from '../../upstream/cancellation.js';

/** What a routing rule or an A/B split may look at, gathered once per request by the router. */
export interface RequestFeatures {
  request: ChatRequest;
  /** The client's request headers, names in lower case (as node:http gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The caller's virtual key name and team; undefined without keys (or a key without a team). */
  keyName: string | undefined;
  team: string | undefined;
  /** Lazy: counting tokens is not free, so only a rule that asks for prompt length pays for it. */
  promptTokens(): number;
  now: number;
  random: () => number;
  /** The client request's cancellation (it went away, or its deadline passed): a selector that waits stops waiting. */
  cancellation?: Cancellation;
  /** Epoch ms by which the whole request must be done (0 or undefined: no deadline). */
  deadlineAt?: number;
}

/** The text of the last user message, its text parts joined by newlines; empty when there is none. */
export function lastUserText(request: ChatRequest): string {
  const messages = request.messages;
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role !== 'user') continue;
    const content = message.content;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) return '';
    let text = '';
    for (const part of content) {
      if (part.type !== 'text' || typeof part.text !== 'string') continue;
      text = text === '' ? part.text : `${text}\n${part.text}`;
    }
    return text;
  }
  return '';
}

/** True when any message carries an image part. */
export function hasImages(request: ChatRequest): boolean {
  for (const message of request.messages) {
    const content = message.content;
    if (!Array.isArray(content)) continue;
    for (const part of content) if (part.type === 'image_url') return true;
  }
  return false;
}

export function hasTools(request: ChatRequest): boolean {
  return request.tools !== undefined && request.tools.length > 0;
}

/** True for `response_format` `json_object` or `json_schema`. */
export function isJsonMode(request: ChatRequest): boolean {
  const type = request.response_format?.type;
  return type === 'json_object' || type === 'json_schema';
}
