import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest, EmbeddingResult } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { parseRateLimitHeaders } from '../../upstream/parse-rate-limit-headers.js';
import type { UpstreamTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ChatProvider, ChatResponse, ProviderCallContext } from '../provider.js';
import { UpstreamClient } from '../shared/upstream-client.js';
import { mapAnthropicError } from './anthropic-error.js';
import { anthropicMessageToResult } from './anthropic-message-to-result.js';
import type { AnthropicRequestBody } from './anthropic-wire.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { decodeAnthropicStream } from './decode-anthropic-stream.js';

export interface AnthropicProviderSettings {
  id: string;
  /** The URL `/messages` is appended to (`https://api.anthropic.com/v1`). */
  baseUrl: string;
  apiKey: string | undefined;
  /** Where a missing key should come from, for the error message. */
  apiKeyHint: string;
  /** The `anthropic-version` header. */
  apiVersion: string;
  /** Sent with every request as given (`anthropic-beta` for betas). */
  headers: Record<string, string>;
  timeouts: UpstreamTimeouts;
  maxConnections: number | undefined;
}

/** Fields `/messages/count_tokens` accepts (anthropic-sdk-typescript MessageCountTokensParams); the rest only shape generation. */
const COUNT_TOKENS_FIELDS = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'cache_control', 'speed']);

/** The native Anthropic Messages API adapter (`type: anthropic`). */
export class AnthropicProvider implements ChatProvider {
  readonly id: string;
  readonly type = 'anthropic' as const;
  private readonly client: UpstreamClient;
  private readonly headers: Record<string, string>;
  /** A key is configured, or the configured headers carry credentials themselves (a proxy's bearer token). */
  private readonly hasCredentials: boolean;

  constructor(private readonly settings: AnthropicProviderSettings) {
    this.id = settings.id;
    this.client = new UpstreamClient({
      provider: settings.id,
      baseUrl: settings.baseUrl,
      timeouts: settings.timeouts,
      maxConnections: settings.maxConnections,
      mapError: (status, text, headers) => mapAnthropicError(settings.id, status, text, headers),
    });
    this.headers = {
      'content-type': 'application/json',
      'anthropic-version': settings.apiVersion,
      ...(settings.apiKey === undefined || settings.apiKey === '' ? {} : { 'x-api-key': settings.apiKey }),
      ...settings.headers,
    };
    this.hasCredentials = Object.keys(this.headers).some((name) => /^(x-api-key|authorization)$/i.test(name));
  }

  async chat(request: ChatRequest, context: ProviderCallContext): Promise<ChatResponse> {
    const body = this.convert(request);
    const response = await this.client.post('/messages', this.authorizedHeaders(), JSON.stringify(body), context);
    const rateLimit = parseRateLimitHeaders(response.headers);
    const contentType = String(response.headers['content-type'] ?? '');
    if (request.stream === true && contentType.includes('text/event-stream')) {
      return { kind: 'stream', parts: decodeAnthropicStream(response.chunks(), { provider: this.id, fallbackModel: request.model }), rateLimit };
    }
    const result = anthropicMessageToResult(await this.client.json(response), this.id, request.model);
    // A server that answered a stream request with one JSON body is served as a stream all the same.
    if (request.stream === true) return { kind: 'stream', parts: resultToParts(result), rateLimit };
    return { kind: 'result', result, rateLimit };
  }

  /** Anthropic's own count of the request's input tokens (`POST /messages/count_tokens`). */
  async countTokens(request: ChatRequest, context: ProviderCallContext): Promise<number> {
    const full = this.convert({ ...request, stream: false });
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(full)) if (COUNT_TOKENS_FIELDS.has(key)) body[key] = value;
    const response = await this.client.post('/messages/count_tokens', this.authorizedHeaders(), JSON.stringify(body), context);
    const json = await this.client.json(response);
    if (typeof json.input_tokens !== 'number') {
      throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${this.id}: count_tokens answered without input_tokens`, { provider: this.id });
    }
    return json.input_tokens;
  }

  embed(_request: EmbeddingRequest, _context: ProviderCallContext): Promise<EmbeddingResult> {
    return Promise.reject(
      new GatewayError('GW_ERR_MODEL_WRONG_MODE', `${this.id} (Anthropic) has no embeddings endpoint; route embeddings to a provider that offers them`, {
        provider: this.id,
        param: 'model',
      }),
    );
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private convert(request: ChatRequest): AnthropicRequestBody {
    return convertToAnthropicRequest(request, { providerId: this.id, providerType: this.type, apiVersion: this.settings.apiVersion });
  }

  /** A missing key fails the call (not the config load), so a config without one can still serve other providers. */
  private authorizedHeaders(): Record<string, string> {
    if (!this.hasCredentials) {
      throw new GatewayError('GW_ERR_UPSTREAM_AUTH', `${this.id} has no API key configured (${this.settings.apiKeyHint})`, { provider: this.id });
    }
    return this.headers;
  }
}
