import type { ServerResponse } from 'node:http';
import type { ProfileViolation } from './check-request-against-profile.js';
import type { SimulatedFault } from './decide-request-fate.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';

// Cohere answers errors as `{"id","message"}` and clients classify them by HTTP status
// (https://docs.cohere.com/reference/errors). The id is filled in when the error is sent.

function error(status: number, message: string, headers?: Record<string, string>): SimWireError {
  return { status, body: { message }, ...(headers ? { headers } : {}) };
}

const invalid = (message: string): SimWireError => error(400, `invalid request: ${message}`);
const internal = (): SimWireError => error(500, 'internal server error, this has been reported to our developers');
const unavailable = (): SimWireError => error(503, 'service unavailable: the model is overloaded, please try again later');

export const cohereSimErrors = {
  invalid,
  invalidJson: (): SimWireError => invalid('the request body is not valid JSON'),
  missingApiKey: (): SimWireError => error(401, 'no api key supplied'),
  invalidApiKey: (): SimWireError => error(401, 'invalid api token'),
  notFound: (path: string): SimWireError => error(404, `path ${path} not found`),
  modelNotFound: (model: string): SimWireError =>
    error(404, `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`),

  fromViolation(violation: ProfileViolation, model: string): SimWireError {
    switch (violation.kind) {
      case 'image-not-supported':
        return invalid(`model '${model}' does not support image inputs`);
      case 'tools-not-supported':
        return invalid(`model '${model}' does not support tools`);
      case 'legacy-max-tokens':
        return invalid('max_tokens is not accepted by this model');
      case 'max-tokens-too-large':
        return invalid(`max_tokens cannot exceed ${violation.limit} for model '${model}', got ${violation.requested}`);
      case 'context-exceeded':
        return invalid(
          `too many tokens: the request uses ${violation.promptTokens + (violation.completionTokens ?? 0)} tokens, but the model '${model}' supports at most ${violation.limit}. Please reduce the length of your messages or max_tokens.`,
        );
    }
  },

  fromFault(fault: SimulatedFault): SimWireError {
    switch (fault.kind) {
      case 'outage':
        return unavailable();
      case 'burst':
        if (fault.status === 503) return unavailable();
        return fault.status === 500 ? internal() : error(fault.status, `simulated failure (${fault.status})`);
      case 'server-error':
        return internal();
      case 'rate-limit':
        // Cohere documents no retry-after header, so none is sent (the gateway's default backoff applies).
        return error(429, 'You are past the per minute request limit, please wait and try again later.');
    }
  },

  /** How a Cohere stream reports a failure after the 200: message-end with finish_reason ERROR and the error text. */
  streamErrorEvent: (): string =>
    'event: message-end\ndata: {"type":"message-end","delta":{"error":"internal server error, this has been reported to our developers","finish_reason":"ERROR"}}\n\n',

  send(response: ServerResponse, failure: SimWireError, requestId: string): void {
    sendSimJson(response, failure.status, { id: requestId, ...(failure.body as object) }, { 'x-request-id': requestId, ...failure.headers });
  },
};
