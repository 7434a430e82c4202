import type { GatewayError } from '../spec/gateway-error.js';

/**
 * The OpenAI error envelope. `code` is the upstream's own code when the error came from an upstream
 * (clients test for `context_length_exceeded`, `rate_limit_exceeded`…), otherwise our stable
 * GW_ERR_* code; `skyroute_code` is always ours.
 */
export function openAIErrorBody(error: GatewayError): { error: Record<string, unknown> } {
  return {
    error: {
      message: error.message,
      type: error.type,
      param: error.param,
      code: error.upstreamCode ?? error.code,
      skyroute_code: error.code,
      ...(error.provider === undefined ? {} : { provider: error.provider }),
      ...(error.retryAfterSeconds === undefined ? {} : { retry_after_seconds: error.retryAfterSeconds }),
    },
  };
}
