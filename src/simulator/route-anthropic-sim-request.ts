import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicSimErrors } from './anthropic-sim-errors.js';
import type { SimulatorState } from './create-simulator-state.js';
import { handleAnthropicSimMessages } from './handle-anthropic-sim-messages.js';
import type { SimWireError } from './send-sim-json.js';

const versionPattern = /^\d{4}-\d{2}-\d{2}$/;

/** True for the paths the Anthropic wire serves (with or without the `/v1` prefix). */
export function isAnthropicSimPath(path: string): boolean {
  return path === '/v1/messages' || path === '/v1/messages/count_tokens' || path === '/messages' || path === '/messages/count_tokens';
}

/**
 * The Anthropic Messages wire: the key (when the simulator has one) as `x-api-key` or as
 * `Authorization: Bearer` (how @anthropic-ai/sdk 1.x sends API keys), then the required
 * `anthropic-version` header (any date: SDKs send newer ones than 2023-06-01), then the body.
 */
export function routeAnthropicSimRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawBody: string,
  body: unknown,
  requestId: string,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    anthropicSimErrors.send(response, failure, requestId);
  };
  if (state.apiKey !== undefined) {
    const apiKey = request.headers['x-api-key'];
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (typeof apiKey === 'string' && apiKey !== '') {
      if (apiKey !== state.apiKey) return fail(anthropicSimErrors.invalidApiKey());
    } else if (bearer === undefined) return fail(anthropicSimErrors.missingApiKey());
    else if (bearer !== state.apiKey) return fail(anthropicSimErrors.invalidBearerToken());
  }
  const version = request.headers['anthropic-version'];
  if (typeof version !== 'string' || version === '') return fail(anthropicSimErrors.missingVersion());
  if (!versionPattern.test(version)) return fail(anthropicSimErrors.invalidVersion(version));
  if (request.method !== 'POST') return fail(anthropicSimErrors.notFound());
  if (rawBody !== '' && body === undefined) return fail(anthropicSimErrors.invalidJson());
  handleAnthropicSimMessages(state, request, response, body, requestId, path.endsWith('/count_tokens'));
}
