import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest, EmbeddingResult } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { emptyUsage } from '../../spec/usage.js';
import { parseRateLimitHeaders } from '../../upstream/parse-rate-limit-headers.js';
import type { UpstreamTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ChatProvider, ChatResponse, ProviderCallContext } from '../provider.js';
import { UpstreamClient } from '../shared/upstream-client.js';
import { mapCohereError } from './cohere-error.js';
import { toCohereChatResult } from './cohere-result.js';
import { decodeCohereStream } from './cohere-stream.js';
import type { CohereChatResponse, CohereEmbedResponse } from './cohere-wire.js';
import { convertToCohereEmbedRequest } from './convert-to-cohere-embed-request.js';
import { convertToCohereRequest } from './convert-to-cohere-request.js';

export interface CohereSettings {
  id: string;
  /** The URL `/chat` and `/embed` are appended to (`https://api.cohere.com/v2`). */
  baseUrl: string;
  apiKey: string;
  /** Extra headers from config; they win over the defaults. */
  headers: Record<string, string>;
  timeouts: UpstreamTimeouts;
  maxConnections: number | undefined;
}

/**
 * Cohere's native v2 API: `POST {base}/chat` (SSE when `stream: true`) and `POST {base}/embed`, with
 * `Authorization: Bearer`. Images go to Cohere as URLs (it fetches them itself), so the gateway's
 * image fetcher is not used.
 */
export class CohereProvider implements ChatProvider {
  readonly id: string;
  readonly type = 'cohere' as const;
  private readonly client: UpstreamClient;
  private readonly headers: Record<string, string>;

  constructor(settings: CohereSettings) {
    this.id = settings.id;
    this.client = new UpstreamClient({
      provider: settings.id,
      baseUrl: settings.baseUrl,
      timeouts: settings.timeouts,
      maxConnections: settings.maxConnections,
      mapError: (status, bodyText, headers) => mapCohereError(settings.id, status, bodyText, headers),
    });
    // X-Client-Name is Cohere's optional caller tag; a configured header of any case replaces it.
    const configured = Object.keys(settings.headers).map((name) => name.toLowerCase());
    this.headers = {
      ...(configured.includes('x-client-name') ? {} : { 'x-client-name': 'skyroute' }),
      ...settings.headers,
      'content-type': 'application/json',
      authorization: `Bearer ${settings.apiKey}`,
    };
  }

  async chat(request: ChatRequest, context: ProviderCallContext): Promise<ChatResponse> {
    const body = convertToCohereRequest(request, this.id, this.type);
    const streaming = request.stream === true;
    const headers = streaming ? { ...this.headers, accept: 'text/event-stream' } : this.headers;
    const response = await this.client.post('/chat', headers, JSON.stringify(body), context);
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (streaming) {
      return { kind: 'stream', parts: decodeCohereStream(response.chunks(), { provider: this.id, model: request.model }), rateLimit };
    }
    const json = (await this.client.json(response)) as CohereChatResponse;
    return { kind: 'result', result: toCohereChatResult(json, this.id, request.model), rateLimit };
  }

  async embed(request: EmbeddingRequest, context: ProviderCallContext): Promise<EmbeddingResult> {
    const body = convertToCohereEmbedRequest(request, this.id, this.type);
    const response = await this.client.post('/embed', this.headers, JSON.stringify(body), context);
    const json = (await this.client.json(response)) as CohereEmbedResponse;
    const vectors = json.embeddings?.float;
    const count = (body.texts as unknown[]).length;
    if (!Array.isArray(vectors) || vectors.length !== count) {
      throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${this.id}: expected ${count} float embedding(s) in embeddings.float`, { provider: this.id });
    }
    const usage = emptyUsage();
    // The embed response reports billed input tokens only (meta.billed_units); there is no raw count.
    const billed = json.meta?.billed_units?.input_tokens;
    if (typeof billed === 'number') usage.inputTokens = billed;
    return { model: request.model, embeddings: vectors, usage };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
