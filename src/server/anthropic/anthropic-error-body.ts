import type { OpenAIErrorType } from '../../spec/error-codes.js';
import type { GatewayError } from '../../spec/gateway-error.js';

/** Our error types → Anthropic's (`billing_error` is Anthropic's word for an exhausted quota or credit). */
const ANTHROPIC_TYPES: Record<OpenAIErrorType, string> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'not_found_error',
  rate_limit_error: 'rate_limit_error',
  insufficient_quota: 'billing_error',
  api_error: 'api_error',
  timeout_error: 'timeout_error',
  overloaded_error: 'overloaded_error',
};

/**
 * Anthropic's error envelope, `{type: "error", error: {type, message}, request_id}`
 * (platform.claude.com/docs/en/api/errors), with the gateway's stable code beside the message as on
 * the OpenAI endpoint. The HTTP status is the gateway's own (docs/errors.md), except that an overload
 * is Anthropic's 529 here (see sendAnthropicError).
 */
export function anthropicErrorBody(error: GatewayError, requestId: string | undefined): Record<string, unknown> {
  return {
    type: 'error',
    error: {
      type: error.code === 'GW_ERR_REQUEST_TOO_LARGE' ? 'request_too_large' : ANTHROPIC_TYPES[error.type],
      message: error.message,
      skyroute_code: error.code,
      ...(error.provider === undefined ? {} : { provider: error.provider }),
    },
    ...(requestId === undefined ? {} : { request_id: requestId }),
  };
}
