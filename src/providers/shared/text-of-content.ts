import type { ChatMessage } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';

/**
 * The text of a message whose content must be text only (system and developer messages, and tool
 * results for providers that take strings): text parts are joined; any other part is refused.
 */
export function textOfContent(message: ChatMessage, provider: string): string {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    if (part.type !== 'text' || typeof part.text !== 'string') {
      throw new GatewayError(
        'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
        `${provider} takes only text in a ${message.role} message; found a ${JSON.stringify(part.type)} part`,
        { param: 'messages', provider },
      );
    }
    text += part.text;
  }
  return text;
}
