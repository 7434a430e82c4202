import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import { geminiSimErrors } from './gemini-sim-errors.js';
import { handleGeminiSimEmbeddings } from './handle-gemini-sim-embeddings.js';
import { handleGeminiSimGenerate } from './handle-gemini-sim-generate.js';
import type { GeminiSimTarget } from './parse-gemini-sim-path.js';
import type { SimWireError } from './send-sim-json.js';
import { simAccessToken } from './sim-access-token.js';

const generateMethods = new Set(['generateContent', 'streamGenerateContent', 'countTokens']);
const embedMethods: Record<GeminiSimTarget['api'], ReadonlySet<string>> = {
  gemini: new Set(['embedContent', 'batchEmbedContents']),
  vertex: new Set(['predict']),
};

/**
 * The Gemini wire, for the Gemini API and Vertex AI paths. Auth, when the simulator has a key:
 * the Gemini API takes it as `x-goog-api-key` or `?key=` (a wrong key is Google's 400
 * API_KEY_INVALID, a missing one 403); Vertex takes `Authorization: Bearer <token>`, where the
 * token is one the simulator's `/token` endpoint issued (unexpired) or the key itself, or the key
 * as `x-goog-api-key` (Vertex express mode); anything else is a 401 UNAUTHENTICATED.
 */
export function routeGeminiSimRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  target: GeminiSimTarget,
  query: URLSearchParams,
  rawBody: string,
  body: unknown,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    geminiSimErrors.send(response, failure);
  };
  if (state.apiKey !== undefined) {
    const headerKey = request.headers['x-goog-api-key'];
    const key = typeof headerKey === 'string' && headerKey !== '' ? headerKey : (query.get('key') ?? undefined);
    if (target.api === 'gemini') {
      if (key === undefined) return fail(geminiSimErrors.missingApiKey());
      if (key !== state.apiKey) return fail(geminiSimErrors.invalidApiKey());
    } else if (key !== state.apiKey) {
      const authorization = request.headers.authorization;
      if (authorization === undefined || authorization === '') return fail(geminiSimErrors.missingCredential());
      const token = authorization.replace(/^Bearer\s+/i, '');
      if (token !== state.apiKey && !simAccessToken.isValid(state, token, Date.now())) return fail(geminiSimErrors.invalidCredential());
    }
  }
  if (request.method !== 'POST') return fail(geminiSimErrors.notFound(request.url ?? ''));
  if (rawBody !== '' && body === undefined) return fail(geminiSimErrors.invalidJson());
  if (generateMethods.has(target.method)) return handleGeminiSimGenerate(state, request, response, body ?? {}, target);
  if (embedMethods[target.api].has(target.method)) return handleGeminiSimEmbeddings(state, request, response, body ?? {}, target);
  fail(geminiSimErrors.notFound(request.url ?? ''));
}
