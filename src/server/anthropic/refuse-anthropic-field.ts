import type { ErrorCode } from '../../spec/error-codes.js';
import { GatewayError } from '../../spec/gateway-error.js';

/**
 * The 400 for something in an Anthropic request that the gateway cannot carry to every model it
 * serves: it names the field (as a path into the body) and says why, instead of dropping it.
 */
export function refuseAnthropicField(
  param: string,
  why: string,
  code: Extract<ErrorCode, 'GW_ERR_REQUEST_INVALID' | 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER' | 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT'> = 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER',
): GatewayError {
  return new GatewayError(code, `${param}: ${why}`, { param });
}
