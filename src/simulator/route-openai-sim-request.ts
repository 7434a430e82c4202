import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import { handleOpenAiSimChat } from './handle-openai-sim-chat.js';
import { handleOpenAiSimEmbeddings } from './handle-openai-sim-embeddings.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import { sendOpenAiSimError } from './send-openai-sim-error.js';

// A fixed creation time keeps /v1/models answers byte-identical between runs.
const modelCreated = 1_700_000_000;

/**
 * The OpenAI wire routes. Paths work with and without the `/v1` prefix, since clients disagree
 * on whether it belongs to the base URL. Auth comes first, then the JSON body, as on OpenAI.
 */
export function routeOpenAiSimRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawBody: string,
  body: unknown,
  requestId: string,
): void {
  const fail = (error: Parameters<typeof sendOpenAiSimError>[1]): void => {
    state.stats.completed++;
    sendOpenAiSimError(response, error, requestId);
  };
  if (state.apiKey !== undefined) {
    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') return fail(openAiSimErrors.missingApiKey());
    if (authorization !== `Bearer ${state.apiKey}`) return fail(openAiSimErrors.incorrectApiKey(authorization.replace(/^Bearer\s+/i, '')));
  }
  const route = path.startsWith('/v1/') ? path.slice(3) : path;
  const method = request.method ?? 'GET';
  if (method === 'POST' && (route === '/chat/completions' || route === '/embeddings')) {
    if (rawBody !== '' && body === undefined) return fail(openAiSimErrors.invalidJson());
    if (route === '/chat/completions') return handleOpenAiSimChat(state, request, response, body, requestId);
    return handleOpenAiSimEmbeddings(state, request, response, body, requestId);
  }
  if (method === 'GET' && route === '/models') {
    const data = [...state.runtimes.keys()].map(describeModel);
    return sendJson(state, response, JSON.stringify({ object: 'list', data }), requestId);
  }
  if (method === 'GET' && route.startsWith('/models/')) {
    const id = decodeURIComponent(route.slice('/models/'.length));
    if (!state.runtimes.has(id)) return fail(openAiSimErrors.modelNotFound(id));
    return sendJson(state, response, JSON.stringify(describeModel(id)), requestId);
  }
  fail(openAiSimErrors.invalidUrl(method, path));
}

function describeModel(id: string): { id: string; object: 'model'; created: number; owned_by: string } {
  return { id, object: 'model', created: modelCreated, owned_by: 'skyroute-simulator' };
}

function sendJson(state: SimulatorState, response: ServerResponse, body: string, requestId: string): void {
  state.stats.completed++;
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': requestId });
  response.end(body);
}
