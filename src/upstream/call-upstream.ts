import { request, type Dispatcher } from 'undici';
import { GatewayError } from '../spec/gateway-error.js';
import type { UpstreamTimeouts } from './upstream-timeouts.js';

export interface UpstreamCall {
  /** Provider id, named in every error. */
  provider: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborted when the client goes away or the total deadline passes (then its reason is a GatewayError). */
  signal: AbortSignal;
  timeouts: UpstreamTimeouts;
}

/** Sends one upstream request and resolves when its response headers arrive. */
export async function callUpstream(dispatcher: Dispatcher, call: UpstreamCall): Promise<Dispatcher.ResponseData> {
  try {
    return await request(call.url, {
      dispatcher,
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: call.signal,
      headersTimeout: call.timeouts.firstByteMs,
      bodyTimeout: call.timeouts.idleMs,
    });
  } catch (error) {
    throw toUpstreamError(error, call.provider, call.signal, call.timeouts);
  }
}

/** Maps what undici throws (before or while reading a body) to a GatewayError that names the provider. */
export function toUpstreamError(
  error: unknown,
  provider: string,
  signal: AbortSignal | undefined,
  timeouts: UpstreamTimeouts,
): unknown {
  if (error instanceof GatewayError) return error;
  if (signal?.aborted) return signal.reason instanceof GatewayError ? signal.reason : error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `${provider}: could not connect within ${timeouts.connectMs} ms`, {
        provider,
        cause: error,
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `${provider}: no response within ${timeouts.firstByteMs} ms (timeouts.first_byte_ms)`, {
        provider,
        cause: error,
      });
    case 'UND_ERR_BODY_TIMEOUT':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `${provider}: the response stalled for ${timeouts.idleMs} ms (timeouts.idle_ms)`, {
        provider,
        cause: error,
      });
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
      return new GatewayError('GW_ERR_UPSTREAM_CONNECT', `${provider}: the connection was closed unexpectedly (${message})`, {
        provider,
        cause: error,
      });
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new GatewayError('GW_ERR_UPSTREAM_CONNECT', `${provider}: cannot connect (${code}: ${message})`, { provider, cause: error });
    default:
      return new GatewayError('GW_ERR_UPSTREAM_CONNECT', `${provider}: request failed (${code || 'error'}: ${message})`, {
        provider,
        cause: error,
      });
  }
}

/** Reads a whole (small) response body as text, mapping stream failures like callUpstream does. */
export async function readBodyText(
  response: Dispatcher.ResponseData,
  call: Pick<UpstreamCall, 'provider' | 'signal' | 'timeouts'>,
): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw toUpstreamError(error, call.provider, call.signal, call.timeouts);
  }
}
