import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { GatewayError } from '../../spec/gateway-error.js';
import { callUpstream, type UpstreamResponse } from '../../upstream/call-upstream.js';
import type { UpstreamTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ProviderCallContext } from '../provider.js';

/** Maps an upstream error status and body to a GatewayError (each provider has its own envelope). */
export type UpstreamErrorMapper = (status: number, bodyText: string, headers: IncomingHttpHeaders) => GatewayError;

export interface UpstreamClientSettings {
  provider: string;
  /** The provider's base URL; request paths are appended to its path. */
  baseUrl: string;
  timeouts: UpstreamTimeouts;
  maxConnections: number | undefined;
  mapError: UpstreamErrorMapper;
}

/**
 * The HTTP side every native adapter shares: one undici pool per provider, the base URL parsed once,
 * JSON bodies posted, error statuses turned into GatewayErrors by the provider's own mapper.
 */
export class UpstreamClient {
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  readonly basePath: string;

  constructor(private readonly settings: UpstreamClientSettings) {
    const url = new URL(settings.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.dispatcher = new Agent({
      connect: { timeout: settings.timeouts.connectMs },
      connections: settings.maxConnections ?? 256,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    });
  }

  /**
   * POSTs `body` to `basePath + path`; resolves once the upstream answered with a success status.
   * An error status rejects with the provider's mapped GatewayError.
   */
  async post(path: string, headers: Record<string, string>, body: string, context: ProviderCallContext): Promise<UpstreamResponse> {
    const response = await callUpstream(this.dispatcher, {
      provider: this.settings.provider,
      origin: this.origin,
      path: this.basePath + path,
      method: 'POST',
      headers,
      body,
      cancellation: context.cancellation,
      timeouts: this.settings.timeouts,
      traceparent: context.traceparent,
    });
    if (response.status >= 400) {
      const text = await response.text().catch(() => '');
      throw this.settings.mapError(response.status, text, response.headers);
    }
    return response;
  }

  /** The whole response body as a JSON object, or a 502 that quotes what came instead. */
  async json(response: UpstreamResponse): Promise<Record<string, unknown>> {
    const text = await response.text();
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    const provider = this.settings.provider;
    throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: the response is not a JSON object: ${text.slice(0, 200)}`, { provider });
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
