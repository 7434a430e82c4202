import type { ChatRequest } from '../../spec/chat-request.js';

/**
 * The request's `providerOptions` meant for this provider: the entry under its configured id wins
 * over the one under its type (`{ "anthropic": { "top_k": 5 } }`). Adapters merge these fields into
 * the provider's body as given (docs/providers.md).
 */
export function providerOptionsFor(request: ChatRequest, providerId: string, providerType: string): Record<string, unknown> | undefined {
  const options = request.providerOptions;
  if (options === undefined) return undefined;
  return options[providerId] ?? options[providerType];
}
