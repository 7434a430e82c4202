import type { ChatRequest } from '../../spec/chat-request.js';

/** OpenAI's `stop` (a string or a list) as a list; undefined when none. */
export function stopSequences(request: ChatRequest): string[] | undefined {
  const { stop } = request;
  if (stop === undefined || stop === null) return undefined;
  const list = typeof stop === 'string' ? [stop] : stop;
  return list.length === 0 ? undefined : list;
}
