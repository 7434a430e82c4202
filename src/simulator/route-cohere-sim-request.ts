import type { IncomingMessage, ServerResponse } from 'node:http';
import { cohereSimErrors } from './cohere-sim-errors.js';
import type { SimulatorState } from './create-simulator-state.js';
import { handleCohereSimChat } from './handle-cohere-sim-chat.js';
import { handleCohereSimEmbed } from './handle-cohere-sim-embed.js';
import type { SimWireError } from './send-sim-json.js';

/** True for the Cohere v2 paths. */
export function isCohereSimPath(path: string): boolean {
  return path.startsWith('/v2/');
}

/** The Cohere v2 wire: `Authorization: Bearer <key>` when the simulator has one, then `/v2/chat` or `/v2/embed`. */
export function routeCohereSimRequest(
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
    cohereSimErrors.send(response, failure, requestId);
  };
  if (state.apiKey !== undefined) {
    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') return fail(cohereSimErrors.missingApiKey());
    // Cohere's own examples spell the scheme `bearer`; the scheme is case-insensitive.
    if (/^Bearer\s+(.*)$/i.exec(authorization)?.[1] !== state.apiKey) return fail(cohereSimErrors.invalidApiKey());
  }
  if (request.method !== 'POST' || (path !== '/v2/chat' && path !== '/v2/embed')) return fail(cohereSimErrors.notFound(path));
  if (rawBody !== '' && body === undefined) return fail(cohereSimErrors.invalidJson());
  if (path === '/v2/chat') return handleCohereSimChat(state, request, response, body, requestId);
  handleCohereSimEmbed(state, request, response, body, requestId);
}
