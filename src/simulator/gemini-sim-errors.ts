import type { ServerResponse } from 'node:http';
import type { ProfileViolation } from './check-request-against-profile.js';
import type { SimulatedFault } from './decide-request-fate.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';

// google.rpc.Status errors as generativelanguage.googleapis.com and aiplatform.googleapis.com send
// them (https://ai.google.dev/gemini-api/docs/troubleshooting): `{"error":{code,message,status,details?}}`.
// A wrong API key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not a 401.

const statusNames: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};
const errorInfo = '@type';

function status(code: number, message: string, details?: unknown[]): SimWireError {
  const name = statusNames[code] ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
  return { status: code, body: { error: { code, message, status: name, ...(details ? { details } : {}) } } };
}

const overloaded = (): SimWireError => status(503, 'The model is overloaded. Please try again later.');
const internal = (): SimWireError =>
  status(500, 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
const authHelp = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const geminiSimErrors = {
  invalidArgument: (message: string): SimWireError => status(400, message),
  invalidJson: (): SimWireError => status(400, 'Invalid JSON payload received. Unexpected token.'),
  /** Proto JSON parsing rejects fields the message does not have (snake_case aliases are fine). */
  unknownField: (name: string, at: string | undefined): SimWireError => {
    const message = `Invalid JSON payload received. Unknown name "${name}"${at === undefined ? '' : ` at '${at}'`}: Cannot find field.`;
    return status(400, message, [
      { [errorInfo]: 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ ...(at === undefined ? {} : { field: at }), description: message }] },
    ]);
  },
  missingApiKey: (): SimWireError =>
    status(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."),
  invalidApiKey: (): SimWireError =>
    status(400, 'API key not valid. Please pass a valid API key.', [
      { [errorInfo]: 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      { [errorInfo]: 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
    ]),
  missingCredential: (): SimWireError =>
    status(401, `Request is missing required authentication credential. ${authHelp}`, [
      { [errorInfo]: 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com', metadata: { service: 'aiplatform.googleapis.com' } },
    ]),
  invalidCredential: (): SimWireError =>
    status(401, `Request had invalid authentication credentials. ${authHelp}`, [
      { [errorInfo]: 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com', metadata: { service: 'aiplatform.googleapis.com' } },
    ]),
  notFound: (path: string): SimWireError => status(404, `The requested URL ${path} was not found on this server.`),
  modelNotFound: (model: string, method: string, vertexName: string | undefined): SimWireError =>
    vertexName === undefined
      ? status(404, `models/${model} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`)
      : status(
          404,
          `Publisher Model \`${vertexName}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
        ),

  fromViolation(violation: ProfileViolation, model: string): SimWireError {
    switch (violation.kind) {
      case 'image-not-supported':
        return status(400, `Image input modality is not enabled for models/${model}`);
      case 'tools-not-supported':
        return status(400, `Function calling is not enabled for models/${model}`);
      case 'legacy-max-tokens':
        return status(400, 'max_output_tokens is not accepted by this model');
      case 'max-tokens-too-large':
        return status(
          400,
          `Unable to submit request because it has a maxOutputTokens value of ${violation.requested} but the supported range is from 1 (inclusive) to ${violation.limit + 1} (exclusive). Update the value and try again.`,
        );
      case 'context-exceeded':
        return status(400, `The input token count (${violation.promptTokens}) exceeds the maximum number of tokens allowed (${violation.limit}).`);
    }
  },

  fromFault(fault: SimulatedFault, model: string): SimWireError {
    switch (fault.kind) {
      case 'outage':
        return overloaded();
      case 'burst':
        if (fault.status === 503) return overloaded();
        return fault.status === 500 ? internal() : status(fault.status, `Simulated failure (${fault.status}).`);
      case 'server-error':
        return internal();
      case 'rate-limit':
        return status(
          429,
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
          [
            {
              [errorInfo]: 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [
                {
                  quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests',
                  quotaId: 'GenerateRequestsPerMinutePerProjectPerModel',
                  quotaDimensions: { location: 'global', model },
                  quotaValue: '60',
                },
              ],
            },
            { [errorInfo]: 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
            { [errorInfo]: 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${Math.ceil(fault.retryAfterSeconds)}s` },
          ],
        );
    }
  },

  /** What a broken SSE stream carries after the 200 went out: the Status as one more `data:` event. */
  streamErrorEvent: (): string => `data: ${JSON.stringify((overloaded().body as object))}\r\n\r\n`,

  send(response: ServerResponse, failure: SimWireError): void {
    sendSimJson(response, failure.status, failure.body, failure.headers);
  },
};
