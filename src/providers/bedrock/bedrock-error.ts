import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../spec/gateway-error.js';
import { mapUpstreamErrorStatus, upstreamAuthError } from '../shared/map-upstream-error-status.js';

/**
 * Signature and credential failures: AWS answers them with 400 or 403 depending on the check, but
 * either way the gateway's own credentials (or clock) are at fault, not the caller.
 */
const CREDENTIAL_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'RequestExpired',
  'NotAuthorized',
]);

/**
 * A Bedrock error status → GatewayError. The body is `{"message": …}` (some front ends say
 * `Message`); the error's name is in the `x-amzn-ErrorType` header (`ThrottlingException:http://…`)
 * or the body's `__type` (`com.amazon.coral.service#UnrecognizedClientException`). Status per the
 * Bedrock API reference (Converse errors) and the troubleshooting guide (API error codes).
 */
export function mapBedrockError(provider: string, status: number, bodyText: string, headers: IncomingHttpHeaders = {}): GatewayError {
  const { message, type } = parseBedrockErrorBody(bodyText, headers);
  return mapBedrockErrorType(provider, status, type, message, bodyText, headers);
}

/**
 * An exception frame inside a 200 ConverseStream (`:exception-type: throttlingException`…): the same
 * mapping, with the status the API reference gives each exception (ConverseStreamOutput).
 */
export function mapBedrockStreamException(provider: string, exceptionType: string, payloadText: string): GatewayError {
  const { message } = parseBedrockErrorBody(payloadText, {});
  const type = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  return mapBedrockErrorType(provider, STREAM_EXCEPTION_STATUS[type] ?? 500, type, message, payloadText, {});
}

const STREAM_EXCEPTION_STATUS: Record<string, number> = {
  ThrottlingException: 429,
  ValidationException: 400,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
  ModelStreamErrorException: 424,
  ModelTimeoutException: 408,
};

function mapBedrockErrorType(
  provider: string,
  status: number,
  type: string | undefined,
  message: string | undefined,
  bodyText: string,
  headers: IncomingHttpHeaders,
): GatewayError {
  const common = { provider, upstreamStatus: status, upstreamCode: type ?? null };
  const text = `${provider}: ${message ?? (bodyText.trim().slice(0, 500) || `HTTP ${status}`)}`;
  if (type !== undefined && CREDENTIAL_ERRORS.has(type)) return upstreamAuthError(provider, message ?? type, common);
  switch (type) {
    case 'ThrottlingException':
      return mapUpstreamErrorStatus(provider, 429, { message, type }, bodyText, headers);
    case 'ServiceQuotaExceededException':
      // An account quota (HTTP 400), not a per-minute rate: retrying here will not help soon, another deployment may.
      return new GatewayError('GW_ERR_UPSTREAM_QUOTA_EXHAUSTED', text, common);
    case 'ModelNotReadyException':
      // The model is being loaded (imported models); AWS SDKs retry it, so it counts as overload.
      return new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', text, common);
    case 'ModelErrorException':
    case 'ModelStreamErrorException':
      // 424: the model failed while answering. Nothing was wrong with the request, so it may be retried.
      return new GatewayError('GW_ERR_UPSTREAM_SERVER', text, common);
    case 'ModelTimeoutException':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', text, common);
    default:
      return mapUpstreamErrorStatus(provider, status, { message, type }, bodyText, headers);
  }
}

function parseBedrockErrorBody(bodyText: string, headers: IncomingHttpHeaders): { message: string | undefined; type: string | undefined } {
  let message: string | undefined;
  let bodyType: string | undefined;
  try {
    const body = JSON.parse(bodyText) as Record<string, unknown>;
    if (body !== null && typeof body === 'object') {
      const raw = body.message ?? body.Message;
      if (typeof raw === 'string') message = raw;
      // ModelStreamErrorException carries the model's own status and message.
      if (typeof body.originalMessage === 'string') message = `${message ?? 'model error'} (${body.originalMessage})`;
      if (typeof body.__type === 'string') bodyType = body.__type;
      else if (typeof body.code === 'string') bodyType = body.code;
    }
  } catch {
    // not JSON: the status decides
  }
  const header = headers['x-amzn-errortype'];
  const headerType = Array.isArray(header) ? header[0] : header;
  return { message, type: errorName(headerType) ?? errorName(bodyType) };
}

/** `ThrottlingException:http://internal.amazon.com/…` or `com.amazon.coral.service#X` → the bare name. */
function errorName(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const name = value.split(':')[0]!;
  const hash = name.lastIndexOf('#');
  return hash >= 0 ? name.slice(hash + 1) : name;
}
