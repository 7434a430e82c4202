import type { ServerResponse } from 'node:http';
import type { ProfileViolation } from './check-request-against-profile.js';
import type { SimulatedFault } from './decide-request-fate.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';

// The envelope, status → type table and wording of api.anthropic.com
// (https://docs.claude.com/en/api/errors), so a gateway's Anthropic error mapping is tested
// against what Anthropic sends: `{"type":"error","error":{"type","message"},"request_id"}`.

const typeByStatus: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function error(status: number, message: string, headers?: Record<string, string>): SimWireError {
  const type = typeByStatus[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { status, body: { type: 'error', error: { type, message } }, ...(headers ? { headers } : {}) };
}

const overloaded = (): SimWireError => error(529, 'Overloaded');
const internal = (): SimWireError => error(500, 'Internal server error');

export const anthropicSimErrors = {
  invalidRequest: (message: string): SimWireError => error(400, message),
  invalidJson: (): SimWireError => error(400, 'The request body is not valid JSON.'),
  missingApiKey: (): SimWireError => error(401, 'x-api-key header is required'),
  invalidApiKey: (): SimWireError => error(401, 'invalid x-api-key'),
  invalidBearerToken: (): SimWireError => error(401, 'Invalid bearer token'),
  missingVersion: (): SimWireError => error(400, 'anthropic-version: header is required'),
  invalidVersion: (version: string): SimWireError => error(400, `anthropic-version: invalid version "${version}"`),
  notFound: (): SimWireError => error(404, 'Not Found'),
  modelNotFound: (model: string): SimWireError => error(404, `model: ${model}`),

  /** `messageIndex` is already the index in the client's `messages` array. */
  fromViolation(violation: ProfileViolation, model: string, messageIndex: number): SimWireError {
    switch (violation.kind) {
      case 'image-not-supported':
        return error(400, `messages.${messageIndex}.content: model ${model} does not support image input.`);
      case 'tools-not-supported':
        return error(400, `tools: model ${model} does not support tool use.`);
      case 'legacy-max-tokens':
        // Only the OpenAI wire has a legacy cap field; kept for exhaustiveness.
        return error(400, 'max_tokens: not accepted by this model');
      case 'max-tokens-too-large':
        return error(
          400,
          `max_tokens: ${violation.requested} > ${violation.limit}, which is the maximum allowed number of output tokens for ${model}`,
        );
      case 'context-exceeded': {
        const { limit, promptTokens, completionTokens } = violation;
        return promptTokens > limit || completionTokens === undefined
          ? error(400, `prompt is too long: ${promptTokens} tokens > ${limit} maximum`)
          : error(
              400,
              `input length and \`max_tokens\` exceed context limit: ${promptTokens} + ${completionTokens} > ${limit}, decrease input length or \`max_tokens\` and try again`,
            );
      }
    }
  },

  /** Overload is Anthropic's 529 `overloaded_error`, so outages and 503 bursts answer 529. */
  fromFault(fault: SimulatedFault, now: number): SimWireError {
    switch (fault.kind) {
      case 'outage':
        return overloaded();
      case 'burst':
        if (fault.status === 503 || fault.status === 529) return overloaded();
        return fault.status === 500 ? internal() : error(fault.status, fault.status === 429 ? 'Rate limited' : 'Upstream error');
      case 'server-error':
        return internal();
      case 'rate-limit': {
        const reset = new Date(now + fault.retryAfterSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        return error(
          429,
          'This request would exceed the rate limit for your organization (skyroute-simulator) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
          {
            'retry-after': String(Math.ceil(fault.retryAfterSeconds)),
            'anthropic-ratelimit-requests-limit': '50',
            'anthropic-ratelimit-requests-remaining': '0',
            'anthropic-ratelimit-requests-reset': reset,
          },
        );
      }
    }
  },

  /** The SSE event Anthropic sends when a stream breaks after the 200 went out. */
  streamErrorEvent: (): string =>
    'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',

  /** Writes the error with the request id in the body and the `request-id` header, as Anthropic does. */
  send(response: ServerResponse, failure: SimWireError, requestId: string): void {
    sendSimJson(response, failure.status, { ...(failure.body as object), request_id: requestId }, { 'request-id': requestId, ...failure.headers });
  },
};
