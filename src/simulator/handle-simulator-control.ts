import type { ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import type { ModelProfile } from './model-profile.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import { sendOpenAiSimError } from './send-openai-sim-error.js';

/**
 * The `/_sim/*` control API, so another process (a benchmark, a second gateway) can drive the
 * simulator as tests do in-process:
 *   GET    /_sim/requests           → { requests: RecordedRequest[], stats }
 *   DELETE /_sim/requests           → 204
 *   GET    /_sim/stats              → SimulatorStats
 *   GET    /_sim/profiles           → { profiles: { [model]: ModelProfile } } (Infinity shows as null)
 *   PUT    /_sim/profiles/{model}   → patch body merged over the profile → { model, profile }
 * It needs no API key: it is a test tool bound to localhost by default.
 */
export function handleSimulatorControl(
  state: SimulatorState,
  method: string,
  path: string,
  body: unknown,
  response: ServerResponse,
): void {
  if (path === '/_sim/requests' && method === 'GET') return sendJson(response, 200, { requests: state.log.list(), stats: state.stats });
  if (path === '/_sim/requests' && method === 'DELETE') {
    state.log.clear();
    response.writeHead(204).end();
    return;
  }
  if (path === '/_sim/stats' && method === 'GET') return sendJson(response, 200, state.stats);
  if (path === '/_sim/profiles' && method === 'GET') return sendJson(response, 200, { profiles: state.profiles() });
  if (path.startsWith('/_sim/profiles/') && method === 'PUT') {
    const model = decodeURIComponent(path.slice('/_sim/profiles/'.length));
    if (model === '' || body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendOpenAiSimError(response, openAiSimErrors.custom('Expected a model id in the path and a JSON object body.', null), 'req_sim_control');
    }
    try {
      const profile = state.setProfile(model, body as Partial<ModelProfile>);
      return sendJson(response, 200, { model, profile });
    } catch (error) {
      return sendOpenAiSimError(response, openAiSimErrors.custom((error as Error).message, null), 'req_sim_control');
    }
  }
  sendOpenAiSimError(response, openAiSimErrors.invalidUrl(method, path), 'req_sim_control');
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}
