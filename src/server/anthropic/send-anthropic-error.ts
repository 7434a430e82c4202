import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../../spec/gateway-error.js';
import { sendJson } from '../send-json.js';
import { anthropicErrorBody } from './anthropic-error-body.js';

/**
 * Answers with an Anthropic-shaped error (the twin of sendError for the Anthropic endpoint), unless
 * the response has already started. `request-id` is the header Anthropic SDKs read into `requestID`;
 * `x-should-retry: false` stops their automatic retries for errors that retrying cannot fix (an
 * exhausted quota is a 429 and the gateway's own rejected credentials a 502, both of which the SDKs
 * would otherwise retry).
 */
export function sendAnthropicError(response: ServerResponse, error: GatewayError, headers?: Record<string, string>): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const requestId = headers?.['x-request-id'];
  const extra: Record<string, string> = { ...headers, 'x-skyroute-error-code': error.code };
  if (requestId !== undefined) extra['request-id'] = requestId;
  if (error.retryAfterSeconds !== undefined) extra['retry-after'] = String(error.retryAfterSeconds);
  if (error.provider !== undefined) extra['x-skyroute-provider'] ??= error.provider;
  if (!error.retryable) extra['x-should-retry'] = 'false';
  // Anthropic clients know an overload by its 529 (the SDKs' OverloadedError); the OpenAI endpoint says 503.
  const status = error.code === 'GW_ERR_UPSTREAM_OVERLOADED' ? 529 : error.status;
  sendJson(response, status, anthropicErrorBody(error, requestId), extra);
}
