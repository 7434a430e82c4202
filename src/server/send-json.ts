import type { ServerResponse } from 'node:http';
import { GatewayError } from '../spec/gateway-error.js';
import { openAIErrorBody } from './openai-error-body.js';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

/** Sends text that already is JSON (a verbatim upstream body, or a serialised object). */
export function sendJsonText(response: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  const all: Record<string, string | number> = headers === undefined ? {} : headers;
  all['content-type'] = 'application/json';
  all['content-length'] = Buffer.byteLength(text);
  response.writeHead(status, all);
  response.end(text);
}

/** Answers with an OpenAI-shaped error, unless the response has already started (then it just ends). */
export function sendError(response: ServerResponse, error: GatewayError, headers?: Record<string, string>): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const extra: Record<string, string> = { ...headers, 'x-skyroute-error-code': error.code };
  if (error.retryAfterSeconds !== undefined) extra['retry-after'] = String(error.retryAfterSeconds);
  if (error.provider !== undefined) extra['x-skyroute-provider'] ??= error.provider;
  sendJson(response, error.status, openAIErrorBody(error), extra);
}

export function internalError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('GW_ERR_INTERNAL', 'The gateway failed unexpectedly; the request id in x-request-id finds the details in its log.', {
    cause: error,
  });
}
