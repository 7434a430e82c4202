import { GatewayError } from '../../spec/gateway-error.js';

/**
 * A request field the provider cannot honour and the gateway will not drop silently: a 400 that says
 * which field, which provider and why, so the caller can remove it or pick another model.
 */
export function unsupportedParameter(provider: string, param: string, why: string): GatewayError {
  return new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', `${param} is not supported by ${provider}: ${why}`, { param, provider });
}
