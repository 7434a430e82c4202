/**
 * Every error the gateway can answer with, by stable code. `docs/errors.md` documents each one;
 * error-codes.test.ts fails when a code is missing there.
 *
 * `type` is the OpenAI error type the client sees; `status` the default HTTP status (an upstream
 * client error keeps the upstream's 4xx status); `retryable` says whether trying the same request
 * again (here or on another deployment) can succeed.
 */
export interface ErrorCodeDefinition {
  status: number;
  type: OpenAIErrorType;
  retryable: boolean;
}

export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export const ERROR_CODES = {
  GW_ERR_REQUEST_INVALID_JSON: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_REQUEST_INVALID: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_REQUEST_UNSUPPORTED_PARAMETER: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_REQUEST_UNSUPPORTED_CONTENT: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_REQUEST_IMAGE_FETCH: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_REQUEST_TOO_LARGE: { status: 413, type: 'invalid_request_error', retryable: false },
  GW_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, type: 'invalid_request_error', retryable: false },
  GW_ERR_ROUTE_NOT_FOUND: { status: 404, type: 'not_found_error', retryable: false },
  GW_ERR_ROUTE_METHOD_NOT_ALLOWED: { status: 405, type: 'invalid_request_error', retryable: false },
  GW_ERR_DASHBOARD_NOT_BUILT: { status: 404, type: 'not_found_error', retryable: false },
  GW_ERR_MODEL_NOT_FOUND: { status: 404, type: 'not_found_error', retryable: false },
  GW_ERR_MODEL_WRONG_MODE: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_AUTH_MISSING_KEY: { status: 401, type: 'authentication_error', retryable: false },
  GW_ERR_AUTH_INVALID_KEY: { status: 401, type: 'authentication_error', retryable: false },
  GW_ERR_AUTH_KEY_REVOKED: { status: 401, type: 'authentication_error', retryable: false },
  GW_ERR_AUTH_KEY_EXPIRED: { status: 401, type: 'authentication_error', retryable: false },
  GW_ERR_KEY_MODEL_NOT_ALLOWED: { status: 403, type: 'permission_error', retryable: false },
  GW_ERR_KEY_RATE_LIMITED: { status: 429, type: 'rate_limit_error', retryable: true },
  GW_ERR_KEY_TOO_MANY_PARALLEL: { status: 429, type: 'rate_limit_error', retryable: true },
  GW_ERR_BUDGET_EXCEEDED: { status: 402, type: 'insufficient_quota', retryable: false },
  GW_ERR_GOVERNANCE_UNAVAILABLE: { status: 503, type: 'api_error', retryable: true },
  GW_ERR_ADMIN_DISABLED: { status: 403, type: 'permission_error', retryable: false },
  GW_ERR_ADMIN_UNAUTHORIZED: { status: 401, type: 'authentication_error', retryable: false },
  GW_ERR_ADMIN_NOT_FOUND: { status: 404, type: 'not_found_error', retryable: false },
  GW_ERR_ADMIN_CONFLICT: { status: 409, type: 'invalid_request_error', retryable: false },
  GW_ERR_ADMIN_INVALID: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_STORE_UNAVAILABLE: { status: 503, type: 'api_error', retryable: true },
  GW_ERR_FEEDBACK_REQUEST_NOT_FOUND: { status: 404, type: 'not_found_error', retryable: false },
  GW_ERR_ROUTE_NO_DEPLOYMENT: { status: 503, type: 'api_error', retryable: true },
  GW_ERR_ROUTE_UNAVAILABLE: { status: 503, type: 'api_error', retryable: true },
  GW_ERR_ROUTE_RATE_LIMITED: { status: 429, type: 'rate_limit_error', retryable: true },
  GW_ERR_ROUTE_CONTEXT_TOO_LONG: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_ROUTE_CONSTRAINTS: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_ROUTE_NOT_ALLOWED: { status: 403, type: 'permission_error', retryable: false },
  GW_ERR_UPSTREAM_BAD_REQUEST: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_UPSTREAM_NOT_FOUND: { status: 404, type: 'not_found_error', retryable: false },
  GW_ERR_UPSTREAM_CONTEXT_LENGTH: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_UPSTREAM_CONTENT_FILTER: { status: 400, type: 'invalid_request_error', retryable: false },
  GW_ERR_UPSTREAM_RATE_LIMITED: { status: 429, type: 'rate_limit_error', retryable: true },
  GW_ERR_UPSTREAM_QUOTA_EXHAUSTED: { status: 429, type: 'insufficient_quota', retryable: false },
  GW_ERR_UPSTREAM_AUTH: { status: 502, type: 'api_error', retryable: false },
  GW_ERR_UPSTREAM_CALLER_AUTH: { status: 401, type: 'authentication_error', retryable: false },
  GW_ERR_UPSTREAM_SERVER: { status: 502, type: 'api_error', retryable: true },
  GW_ERR_UPSTREAM_OVERLOADED: { status: 503, type: 'overloaded_error', retryable: true },
  GW_ERR_UPSTREAM_TIMEOUT: { status: 504, type: 'timeout_error', retryable: true },
  GW_ERR_UPSTREAM_CONNECT: { status: 502, type: 'api_error', retryable: true },
  GW_ERR_UPSTREAM_INVALID_RESPONSE: { status: 502, type: 'api_error', retryable: true },
  GW_ERR_UPSTREAM_STREAM_INTERRUPTED: { status: 502, type: 'api_error', retryable: true },
  GW_ERR_SERVER_SHUTTING_DOWN: { status: 503, type: 'api_error', retryable: true },
  GW_ERR_INTERNAL: { status: 500, type: 'api_error', retryable: false },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;
