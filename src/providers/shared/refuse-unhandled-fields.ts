import type { ChatRequest } from '../../spec/chat-request.js';
import { unsupportedParameter } from './unsupported-parameter.js';

/**
 * Fields that never change what a model answers, so an adapter without an equivalent may leave
 * them out (docs/providers.md): delivery and bookkeeping options, and the gateway's own fields.
 */
const HARMLESS = new Set(['model', 'messages', 'stream', 'stream_options', 'store', 'metadata', 'service_tier', 'user', 'skyroute', 'providerOptions']);

/**
 * A native adapter must map every field a request sets or refuse it: this refuses (400, naming the
 * field and provider) any top-level field that is set to a non-null value and is neither in
 * `handled` nor harmless. Unknown fields included: OpenAI-compatible upstreams get them as they
 * are; a native wire format would lose them.
 */
export function refuseUnhandledFields(request: ChatRequest, provider: string, handled: ReadonlySet<string>): void {
  for (const key in request) {
    if (request[key] === undefined || request[key] === null || HARMLESS.has(key) || handled.has(key)) continue;
    throw unsupportedParameter(provider, key, 'it has no equivalent in this provider\'s API, and the gateway does not drop fields silently');
  }
}
