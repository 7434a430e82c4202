import type { ProfileViolation } from './check-request-against-profile.js';
import type { SimulatedFault } from './decide-request-fate.js';
import type { OpenAiSimError } from './send-openai-sim-error.js';

// The wording, types, params and codes api.openai.com answers with, so a gateway's error mapping
// can be tested against the simulator. Where OpenAI's exact text is unknown, the shape still is.

const invalidRequest = 'invalid_request_error';
const serverErrorMessage = 'The server had an error while processing your request. Sorry about that!';
const overloadedMessage = 'The server is overloaded or not ready yet.';

function invalid(message: string, param: string | null, code: string | null, status = 400): OpenAiSimError {
  return { status, message, type: invalidRequest, param, code };
}

/** Go-style durations (`1s`, `6m0s`, `250ms`), the format of OpenAI's `x-ratelimit-reset-*` headers. */
function formatGoDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  return `${Math.floor(seconds / 60)}m${Number((seconds % 60).toFixed(3))}s`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a string';
}

export const openAiSimErrors = {
  invalidJson: (): OpenAiSimError =>
    invalid(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      null,
      null,
    ),
  missingApiKey: (): OpenAiSimError =>
    invalid(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      null,
      null,
      401,
    ),
  incorrectApiKey: (key: string): OpenAiSimError => {
    const masked = key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 40))}${key.slice(-4)}` : key;
    return invalid(
      `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      null,
      'invalid_api_key',
      401,
    );
  },
  invalidUrl: (method: string, path: string): OpenAiSimError => invalid(`Invalid URL (${method} ${path})`, null, null, 404),
  missingModel: (): OpenAiSimError => invalid('you must provide a model parameter', 'model', null),
  missingParameter: (param: string): OpenAiSimError =>
    invalid(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter'),
  invalidType: (param: string, expected: string, value: unknown): OpenAiSimError =>
    invalid(`Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`, param, 'invalid_type'),
  emptyArray: (param: string): OpenAiSimError =>
    invalid(
      `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
      param,
      'empty_array',
    ),
  belowMinimum: (param: string, minimum: number, value: number): OpenAiSimError =>
    invalid(
      `Invalid '${param}': integer below minimum value. Expected a value >= ${minimum}, but got ${value} instead.`,
      param,
      'integer_below_min_value',
    ),
  invalidValue: (param: string, value: unknown, supported: readonly string[]): OpenAiSimError =>
    invalid(
      `Invalid value: '${String(value)}'. Supported values are: ${supported.map((entry) => `'${entry}'`).join(', ')}.`,
      param,
      'invalid_value',
    ),
  custom: (message: string, param: string | null, code: string | null = null): OpenAiSimError => invalid(message, param, code),
  toolMessageWithoutCall: (index: number): OpenAiSimError =>
    invalid(
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      `messages.[${index}].role`,
      null,
    ),
  modelNotFound: (model: string): OpenAiSimError =>
    invalid(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found', 404),
  notAChatModel: (): OpenAiSimError =>
    invalid(
      'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?',
      'model',
      null,
      404,
    ),
  // OpenAI answers 403, not 400, when a chat model is asked for embeddings.
  embeddingsNotAllowed: (): OpenAiSimError => invalid('You are not allowed to generate embeddings from this model', null, null, 403),

  fromViolation(violation: ProfileViolation): OpenAiSimError {
    switch (violation.kind) {
      case 'image-not-supported':
        return invalid(
          'Invalid content type. image_url is only supported by certain models.',
          `messages.[${violation.messageIndex}].content.[${violation.partIndex}].type`,
          null,
        );
      case 'tools-not-supported':
        return invalid("Unsupported parameter: 'tools' is not supported with this model.", 'tools', 'unsupported_parameter');
      case 'legacy-max-tokens':
        return invalid(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          'max_tokens',
          'unsupported_parameter',
        );
      case 'max-tokens-too-large':
        return invalid(
          `${violation.field} is too large: ${violation.requested}. This model supports at most ${violation.limit} completion tokens, whereas you provided ${violation.requested}.`,
          violation.field,
          'invalid_value',
        );
      case 'context-exceeded': {
        const { limit, promptTokens, completionTokens } = violation;
        const message =
          promptTokens > limit || completionTokens === undefined
            ? `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`
            : `This model's maximum context length is ${limit} tokens. However, you requested ${promptTokens + completionTokens} tokens (${promptTokens} in the messages, ${completionTokens} in the completion). Please reduce the length of the messages or completion.`;
        return invalid(message, 'messages', 'context_length_exceeded');
      }
    }
  },

  fromFault(fault: SimulatedFault, model: string): OpenAiSimError {
    switch (fault.kind) {
      case 'outage':
        return { status: 503, message: overloadedMessage, type: 'server_error', param: null, code: null };
      case 'burst':
        return {
          status: fault.status,
          message: fault.status === 503 ? overloadedMessage : serverErrorMessage,
          type: 'server_error',
          param: null,
          code: null,
        };
      case 'server-error':
        return { status: 500, message: serverErrorMessage, type: 'server_error', param: null, code: null };
      case 'rate-limit': {
        const wait = formatGoDuration(fault.retryAfterSeconds);
        return {
          status: 429,
          // OpenAI puts the exhausted limit (requests or tokens) in `type`.
          type: 'requests',
          message: `Rate limit reached for ${model} in organization org-skyroute-simulator on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${wait}. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          param: null,
          code: 'rate_limit_exceeded',
          headers: {
            'retry-after': String(Math.ceil(fault.retryAfterSeconds)),
            'x-ratelimit-limit-requests': '500',
            'x-ratelimit-remaining-requests': '0',
            'x-ratelimit-reset-requests': wait,
            'x-ratelimit-limit-tokens': '200000',
            'x-ratelimit-remaining-tokens': '199000',
            'x-ratelimit-reset-tokens': '300ms',
          },
        };
      }
    }
  },

  /** The SSE event OpenAI sends when a stream breaks after the 200 went out. */
  streamErrorEvent: (): string =>
    `data: ${JSON.stringify({ error: { message: serverErrorMessage, type: 'server_error', param: null, code: null } })}\n\n`,
};
