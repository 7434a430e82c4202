import { GatewayError } from '../../spec/gateway-error.js';

/**
 * An assistant tool call's `arguments` (a JSON string on the OpenAI side) as the object native
 * providers want. Empty means no arguments; anything that is not a JSON object is refused with a 400
 * naming the call, since sending it on would change what the conversation says.
 */
export function parseToolArguments(text: string, toolName: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `the arguments of tool call ${JSON.stringify(toolName)} are not valid JSON: ${text.slice(0, 100)}`, {
      param: 'messages',
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `the arguments of tool call ${JSON.stringify(toolName)} must be a JSON object`, { param: 'messages' });
  }
  return value as Record<string, unknown>;
}
