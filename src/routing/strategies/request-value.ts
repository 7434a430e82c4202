import type { ChatRequest } from '../../spec/chat-request.js';

type Headers = Readonly<Record<string, string | string[] | undefined>> | undefined;

/** Reads one value of a request: a header's or a `metadata` key's; undefined when it has none. */
export type RequestValue = (request: ChatRequest, headers: Headers) => string | undefined;

/**
 * A config's `header:<name>` (the first non-empty value; names in lower case, as node:http gives
 * them) or `metadata:<key>` (a non-empty string, or a number or boolean as text) of the request body:
 * what an A/B split sticks by and what a bandit takes as the category.
 */
export function compileRequestValue(source: `header:${string}` | `metadata:${string}`): RequestValue {
  if (source.startsWith('header:')) {
    const name = source.slice('header:'.length).toLowerCase();
    return (_request, headers) => {
      const value = headers?.[name];
      if (typeof value === 'string') return value === '' ? undefined : value;
      return value?.find((item) => item !== '');
    };
  }
  const key = source.slice('metadata:'.length);
  return (request) => {
    const metadata = request['metadata'];
    if (typeof metadata !== 'object' || metadata === null || !Object.hasOwn(metadata, key)) return undefined;
    const value: unknown = (metadata as Record<string, unknown>)[key];
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
}
