import type { Dispatcher } from 'undici';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest, EmbeddingResult, EmbeddingVector } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { emptyUsage } from '../../spec/usage.js';
import { callUpstream, type UpstreamCall, type UpstreamResponse } from '../../upstream/call-upstream.js';
import { parseRateLimitHeaders } from '../../upstream/parse-rate-limit-headers.js';
import type { UpstreamTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ChatProvider, ChatResponse, ProviderCallContext } from '../provider.js';
import type { ProviderType } from '../provider-types.js';
import { convertToOpenAICompatibleRequest } from './convert-to-openai-compatible-request.js';
import { decodeOpenAICompatibleStream } from './decode-openai-compatible-stream.js';
import { mapOpenAICompatibleError } from './openai-compatible-error.js';
import type { UsageQuirks } from './map-openai-usage.js';
import { toChatResult } from './openai-compatible-result.js';
import type { CompatibleService } from './openai-compatible-services.js';

export interface OpenAICompatibleSettings {
  id: string;
  type: ProviderType;
  service: CompatibleService;
  /** The URL `/chat/completions` is appended to. */
  baseUrl: string;
  apiKey: string | undefined;
  /** Where a missing key should come from, for the error message. */
  apiKeyHint: string;
  /** Azure deployments API version; when set, URLs take Azure's `/deployments/{model}/…?api-version=` form. */
  apiVersion: string | undefined;
  headers: Record<string, string>;
  timeouts: UpstreamTimeouts;
  dispatcher: Dispatcher;
}

/**
 * A non-streaming body an OpenAI client may receive as it came: reasoning already in
 * `reasoning_content` (or absent), content a string, and usage complete in OpenAI's own shape
 * (both details objects, so every provider's answer carries the same usage fields).
 */
function isVerbatimSafe(text: string): boolean {
  return text.includes('"prompt_tokens_details"') && text.includes('"completion_tokens_details"') && !NEEDS_NORMALISING.test(text);
}

/** A `reasoning` field (renamed), llama.cpp `timings` (cache hits recounted), content as an array (Magistral). */
const NEEDS_NORMALISING = /"(?:reasoning|timings)"|"content"\s*:\s*\[/;

/** The shared adapter for OpenAI, Azure OpenAI and every OpenAI-compatible service (data in openai-compatible-services.ts). */
export class OpenAICompatibleProvider implements ChatProvider {
  readonly id: string;
  readonly type: ProviderType;
  private readonly headers: Record<string, string>;
  private readonly usageQuirks: UsageQuirks;
  /** The base URL split once: undici is given origin and path, so nothing is parsed per request. */
  private readonly origin: string;
  private readonly basePath: string;

  constructor(private readonly settings: OpenAICompatibleSettings) {
    this.id = settings.id;
    this.type = settings.type;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
    if (settings.apiKey !== undefined && settings.apiKey !== '') {
      if (settings.service.authentication === 'api-key-header') headers['api-key'] = settings.apiKey;
      else headers.authorization = `Bearer ${settings.apiKey}`;
    }
    this.headers = headers;
    this.usageQuirks = { completionExcludesReasoning: settings.service.completionExcludesReasoning };
    const url = new URL(settings.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  async chat(request: ChatRequest, context: ProviderCallContext): Promise<ChatResponse> {
    const body = convertToOpenAICompatibleRequest(request, {
      upstreamModel: request.model,
      providerId: this.id,
      providerType: this.type,
      service: this.settings.service,
    });
    const call = this.call('chat/completions', request.model, JSON.stringify(body), context);
    const response = await this.send(call);
    const rateLimit = parseRateLimitHeaders(response.headers);
    const contentType = String(response.headers['content-type'] ?? '');
    if (request.stream !== true || !contentType.includes('text/event-stream')) {
      const text = await response.text();
      const json = this.parseJson(text);
      if (request.stream === true) {
        // A server that ignores `stream: true` answered with one JSON body: serve it as a stream.
        return { kind: 'stream', parts: resultToParts(toChatResult(json, this.usageQuirks)), rateLimit };
      }
      const result = toChatResult(json, this.usageQuirks);
      if (this.settings.service.rawChunks && !this.usageQuirks.completionExcludesReasoning && isVerbatimSafe(text)) result.raw = text;
      return { kind: 'result', result, rateLimit };
    }
    const parts = decodeOpenAICompatibleStream(response.chunks(), {
      provider: this.id,
      rawChunks: this.settings.service.rawChunks,
      usageQuirks: this.usageQuirks,
    });
    return { kind: 'stream', parts, rateLimit };
  }

  async embed(request: EmbeddingRequest, context: ProviderCallContext): Promise<EmbeddingResult> {
    const call = this.call('embeddings', request.model, JSON.stringify(request), context);
    const response = await this.send(call);
    const json = this.parseJson(await response.text());
    const data = Array.isArray(json.data) ? (json.data as Array<Record<string, unknown>>) : [];
    const embeddings: EmbeddingVector[] = new Array(data.length);
    for (const [position, item] of data.entries()) {
      const index = typeof item.index === 'number' ? item.index : position;
      embeddings[index] = item.embedding as EmbeddingVector;
    }
    const usage = emptyUsage();
    const rawUsage = json.usage as Record<string, unknown> | undefined;
    if (typeof rawUsage?.prompt_tokens === 'number') usage.inputTokens = rawUsage.prompt_tokens;
    return { model: typeof json.model === 'string' ? json.model : request.model, embeddings, usage };
  }

  async close(): Promise<void> {
    await this.settings.dispatcher.close();
  }

  private call(endpoint: string, model: string, body: string, context: ProviderCallContext): UpstreamCall {
    const { service, apiKey } = this.settings;
    if (service.apiKeyRequired && (apiKey === undefined || apiKey === '')) {
      throw new GatewayError('GW_ERR_UPSTREAM_AUTH', `${this.id} has no API key configured (${this.settings.apiKeyHint})`, {
        provider: this.id,
      });
    }
    return {
      provider: this.id,
      origin: this.origin,
      path: this.path(endpoint, model),
      method: 'POST',
      headers: this.headers,
      body,
      cancellation: context.cancellation,
      timeouts: this.settings.timeouts,
      traceparent: context.traceparent,
    };
  }

  private path(endpoint: string, model: string): string {
    const { apiVersion } = this.settings;
    if (apiVersion !== undefined) {
      return `${this.basePath}/deployments/${encodeURIComponent(model)}/${endpoint}?api-version=${encodeURIComponent(apiVersion)}`;
    }
    return `${this.basePath}/${endpoint}`;
  }

  private async send(call: UpstreamCall): Promise<UpstreamResponse> {
    const response = await callUpstream(this.settings.dispatcher, call);
    if (response.status >= 400) {
      const text = await response.text().catch(() => '');
      throw mapOpenAICompatibleError(this.id, response.status, text, response.headers);
    }
    return response;
  }

  private parseJson(text: string): Record<string, unknown> {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${this.id}: the response is not a JSON object: ${text.slice(0, 200)}`, {
      provider: this.id,
    });
  }
}
