import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateBedrockSimRequest } from './authenticate-bedrock-sim-request.js';
import { bedrockSimErrors } from './bedrock-sim-errors.js';
import type { SimulatorState } from './create-simulator-state.js';
import { handleBedrockSimConverse } from './handle-bedrock-sim-converse.js';
import { handleBedrockSimInvoke } from './handle-bedrock-sim-invoke.js';
import type { SimWireError } from './send-sim-json.js';

const bedrockPath = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

/** True for `/model/{modelId}/{operation}`, the Bedrock Runtime paths. */
export function isBedrockSimPath(path: string): boolean {
  return path.startsWith('/model/');
}

/**
 * The Bedrock Runtime wire: `/model/{modelId}/converse`, `/converse-stream` and `/invoke`
 * (embeddings), the model id URL-decoded from the path (ARNs and ids with `:` arrive encoded).
 * Auth is required when the simulator has an API key or AWS test credentials (see
 * authenticateBedrockSimRequest); request ids are UUIDs in `x-amzn-RequestId`.
 */
export function routeBedrockSimRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawBody: string,
  body: unknown,
  sequence: number,
): void {
  const requestId = `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    bedrockSimErrors.send(response, failure, requestId);
  };
  const serve = (): void => {
    const match = bedrockPath.exec(path);
    if (!match || request.method !== 'POST' || match[2] === 'invoke-with-response-stream') return fail(bedrockSimErrors.unknownOperation());
    if (rawBody !== '' && body === undefined) return fail(bedrockSimErrors.invalidJson());
    let model: string;
    try {
      model = decodeURIComponent(match[1] as string);
    } catch {
      return fail(bedrockSimErrors.invalidModel());
    }
    const operation = match[2];
    if (operation === 'invoke') return handleBedrockSimInvoke(state, request, response, body ?? {}, model, requestId);
    handleBedrockSimConverse(state, request, response, body ?? {}, model, operation === 'converse-stream', requestId);
  };
  if (state.apiKey === undefined && state.awsCredentials === undefined) return serve();
  authenticateBedrockSimRequest(state, request, rawBody)
    .then((failure) => (failure ? fail(failure) : serve()))
    .catch(() => {
      // A simulator bug must not take the test process down; answer like the service's 500.
      if (!response.headersSent) fail(bedrockSimErrors.fromFault({ kind: 'server-error' }));
      else response.destroy();
    });
}
