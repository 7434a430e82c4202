import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest, EmbeddingResult } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UpstreamResponse } from '../../upstream/call-upstream.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import type { ChatProvider, ChatResponse, ProviderCallContext } from '../provider.js';
import { chatResponseFromParts } from '../shared/chat-response-from-parts.js';
import { providerOptionsFor } from '../shared/provider-options-for.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import type { UpstreamClient } from '../shared/upstream-client.js';
import { convertToGeminiEmbeddingRequest } from './convert-to-gemini-embedding-request.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { decodeGeminiStream } from './decode-gemini-stream.js';
import { createGeminiPartState, endGeminiParts, geminiResponseToParts } from './gemini-response-to-parts.js';
import type { GeminiRequestBody, GeminiResponse } from './gemini-wire.js';
import { readGeminiEmbeddings } from './read-gemini-embeddings.js';

/** How one request is authenticated: an API key header, or a Vertex OAuth token. */
export interface GeminiCredentials {
  headers(): Promise<Record<string, string>>;
  /** The upstream answered 401: whatever was cached is stale. */
  invalidate(): void;
}

export interface GeminiProviderSettings {
  id: string;
  type: 'gemini' | 'vertex';
  /** Its base URL is the part before `/models/{model}:{method}`. */
  client: UpstreamClient;
  credentials: GeminiCredentials;
  /** Extra headers from the config, sent with every request. */
  headers: Record<string, string>;
  fetchImage: ImageFetcher;
}

/**
 * The adapter for Google's `generateContent` API, served by the Gemini API (`type: gemini`, API
 * key) and Vertex AI (`type: vertex`, OAuth token or express-mode key): same wire format, other
 * URL and auth. Streaming requests go to `streamGenerateContent?alt=sse`, others to
 * `generateContent`; both are read by the same code (gemini-response-to-parts.ts).
 */
export class GeminiProvider implements ChatProvider {
  readonly id: string;
  readonly type: 'gemini' | 'vertex';

  constructor(private readonly settings: GeminiProviderSettings) {
    this.id = settings.id;
    this.type = settings.type;
  }

  async chat(request: ChatRequest, context: ProviderCallContext): Promise<ChatResponse> {
    const body = await this.convert(request, context);
    const streaming = request.stream === true;
    const method = streaming ? 'streamGenerateContent?alt=sse' : 'generateContent';
    const response = await this.post(request.model, method, JSON.stringify(body), context);
    if (streaming && String(response.headers['content-type'] ?? '').includes('text/event-stream')) {
      return { kind: 'stream', parts: decodeGeminiStream(response.chunks(), this.id, request.model) };
    }
    // A server that ignored `alt=sse` answered with one JSON body (or Google's JSON array): served as a stream all the same.
    return chatResponseFromParts(await this.bodyToParts(response, request.model), streaming, request.model);
  }

  async embed(request: EmbeddingRequest, context: ProviderCallContext): Promise<EmbeddingResult> {
    // providerOptionsFor reads only `providerOptions`, which embedding requests may carry too.
    const options = providerOptionsFor(request as unknown as ChatRequest, this.id, this.type);
    const call = convertToGeminiEmbeddingRequest(request, this.type, request.model, this.id, options);
    const response = await this.post(request.model, call.method, JSON.stringify(call.body), context);
    const inputs = typeof request.input === 'string' ? 1 : request.input.length;
    return readGeminiEmbeddings(await this.settings.client.json(response), this.type, request.model, inputs, this.id);
  }

  /**
   * The request's input tokens as Google counts them (`:countTokens`). The Gemini API takes the
   * whole request as `generateContentRequest` (system instruction and tools included); Vertex takes
   * the same fields at the top level.
   */
  async countTokens(request: ChatRequest, context: ProviderCallContext): Promise<number> {
    const { contents, systemInstruction, tools } = await this.convert(request, context);
    const counted = { contents, ...(systemInstruction === undefined ? {} : { systemInstruction }), ...(tools === undefined ? {} : { tools }) };
    const body = this.type === 'gemini' ? { generateContentRequest: { model: `models/${modelPath(request.model)}`, ...counted } } : counted;
    const response = await this.post(request.model, 'countTokens', JSON.stringify(body), context);
    const json = await this.settings.client.json(response);
    if (typeof json.totalTokens !== 'number') {
      throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${this.id}: countTokens answered without totalTokens: ${JSON.stringify(json).slice(0, 200)}`, { provider: this.id });
    }
    return json.totalTokens;
  }

  close(): Promise<void> {
    return this.settings.client.close();
  }

  private convert(request: ChatRequest, context: ProviderCallContext): Promise<GeminiRequestBody> {
    if (this.type === 'vertex' && /^claude-/i.test(request.model)) {
      // The catalog lists Claude on Vertex; it is served by Anthropic's rawPredict route, not generateContent.
      throw unsupportedParameter(this.id, 'model', `${request.model} is an Anthropic model; type vertex serves Google's publisher models through generateContent`);
    }
    return convertToGeminiRequest(request, {
      provider: this.id,
      providerType: this.type,
      fetchImage: this.settings.fetchImage,
      cancellation: context.cancellation,
      sendCallIds: this.type === 'gemini',
    });
  }

  private async post(model: string, method: string, body: string, context: ProviderCallContext): Promise<UpstreamResponse> {
    const headers = { 'content-type': 'application/json', ...this.settings.headers, ...(await this.settings.credentials.headers()) };
    try {
      return await this.settings.client.post(`/models/${modelPath(model)}:${method}`, headers, body, context);
    } catch (error) {
      if (error instanceof GatewayError && error.upstreamStatus === 401) this.settings.credentials.invalidate();
      throw error;
    }
  }

  private async bodyToParts(response: UpstreamResponse, model: string): Promise<StreamPart[]> {
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${this.id}: the response is not JSON: ${text.slice(0, 200)}`, { provider: this.id });
    }
    const state = createGeminiPartState(this.id, model);
    const parts: StreamPart[] = [];
    for (const chunk of Array.isArray(json) ? json : [json]) {
      if (chunk === null || typeof chunk !== 'object' || geminiResponseToParts(chunk as GeminiResponse, state, parts)) break;
    }
    if (parts.at(-1)?.type !== 'error') endGeminiParts(state, parts);
    return parts;
  }
}

/** Model ids may be written `models/gemini-…` (as Google's own APIs name them). */
function modelPath(model: string): string {
  return encodeURIComponent(model.startsWith('models/') ? model.slice('models/'.length) : model).replace(/%40/g, '@');
}
