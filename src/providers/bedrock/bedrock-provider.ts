import type { ChatRequest } from '../../spec/chat-request.js';
import type { EmbeddingRequest, EmbeddingResult, EmbeddingVector } from '../../spec/embedding.js';
import { emptyUsage } from '../../spec/usage.js';
import type { UpstreamResponse } from '../../upstream/call-upstream.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import type { UpstreamTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ChatProvider, ChatResponse, ProviderCallContext } from '../provider.js';
import { chatResponseFromParts } from '../shared/chat-response-from-parts.js';
import { UpstreamClient } from '../shared/upstream-client.js';
import { bedrockEmbeddingCalls } from './bedrock-embedding-calls.js';
import { mapBedrockError } from './bedrock-error.js';
import { bedrockResponseToParts } from './bedrock-response-to-parts.js';
import type { BedrockConverseResponse } from './bedrock-wire.js';
import { convertToBedrockRequest } from './convert-to-bedrock-request.js';
import { createBedrockAuthorizer, type BedrockAuthorizer } from './create-bedrock-authorizer.js';
import { decodeBedrockStream } from './decode-bedrock-stream.js';
import type { BedrockCredentials } from './resolve-bedrock-credentials.js';

export interface BedrockSettings {
  id: string;
  region: string;
  /** The URL `/model/{id}/converse` is appended to. */
  baseUrl: string;
  credentials: BedrockCredentials;
  headers: Record<string, string>;
  timeouts: UpstreamTimeouts;
  maxConnections: number | undefined;
  fetchImage: ImageFetcher;
  /** The SigV4 clock (tests pass a fixed one). */
  now?: () => Date;
}

/** Titan takes one text per call; this many run at once. */
const EMBEDDING_CONCURRENCY = 8;

/**
 * Amazon Bedrock through the Converse API (`/model/{id}/converse`, `/converse-stream`) for chat and
 * InvokeModel (`/model/{id}/invoke`) for embeddings, authenticated with SigV4 or a Bedrock API key.
 */
export class BedrockProvider implements ChatProvider {
  readonly id: string;
  readonly type = 'bedrock' as const;
  private readonly client: UpstreamClient;
  private readonly authorize: BedrockAuthorizer;

  constructor(private readonly settings: BedrockSettings) {
    this.id = settings.id;
    this.client = new UpstreamClient({
      provider: settings.id,
      baseUrl: settings.baseUrl,
      timeouts: settings.timeouts,
      maxConnections: settings.maxConnections,
      mapError: (status, text, headers) => mapBedrockError(settings.id, status, text, headers),
    });
    this.authorize = createBedrockAuthorizer({
      provider: settings.id,
      region: settings.region,
      host: new URL(settings.baseUrl).host,
      credentials: settings.credentials,
      ...(settings.now === undefined ? {} : { now: settings.now }),
    });
  }

  async chat(request: ChatRequest, context: ProviderCallContext): Promise<ChatResponse> {
    const { body, jsonTool } = await convertToBedrockRequest(request, {
      providerId: this.id,
      fetchImage: this.settings.fetchImage,
      cancellation: context.cancellation,
    });
    const stream = request.stream === true;
    const response = await this.send(`/model/${encodeModelId(request.model)}/${stream ? 'converse-stream' : 'converse'}`, JSON.stringify(body), stream, context);
    const options = { id: requestId(response, context), model: request.model, jsonTool };
    const contentType = String(response.headers['content-type'] ?? '');
    if (stream && contentType.includes('eventstream')) {
      return { kind: 'stream', parts: decodeBedrockStream(response.chunks(), { provider: this.id, ...options }) };
    }
    const parts = bedrockResponseToParts((await this.client.json(response)) as BedrockConverseResponse, options);
    return chatResponseFromParts(parts, stream, request.model);
  }

  async embed(request: EmbeddingRequest, context: ProviderCallContext): Promise<EmbeddingResult> {
    const calls = bedrockEmbeddingCalls(request, this.id);
    const path = `/model/${encodeModelId(request.model)}/invoke`;
    const results = new Array<{ vectors: number[][]; tokens: number }>(calls.length);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (next < calls.length && !failed) {
        const index = next++;
        const call = calls[index]!;
        try {
          const response = await this.send(path, JSON.stringify(call.body), false, context);
          const header = Number(response.headers['x-amzn-bedrock-input-token-count']);
          results[index] = call.read(await this.client.json(response), Number.isFinite(header) ? header : undefined);
        } catch (error) {
          // The first failure answers the request; the other workers stop starting calls.
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(EMBEDDING_CONCURRENCY, calls.length) }, worker));
    const embeddings: EmbeddingVector[] = [];
    const usage = emptyUsage();
    for (const result of results) {
      embeddings.push(...result.vectors);
      usage.inputTokens += result.tokens;
    }
    return { model: request.model, embeddings, usage };
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async send(path: string, body: string, stream: boolean, context: ProviderCallContext): Promise<UpstreamResponse> {
    const headers = await this.authorize({
      path: this.client.basePath + path,
      headers: { ...this.settings.headers, 'content-type': 'application/json', accept: stream ? 'application/vnd.amazon.eventstream' : 'application/json' },
      body,
    });
    return this.client.post(path, headers, body, context);
  }
}

/**
 * Model ids go in the path percent-encoded, as AWS SDKs send them: inference-profile ids and ARNs
 * contain `:` and `/` (`arn:aws:bedrock:…:inference-profile/us.anthropic…`). `!'()*`, which
 * encodeURIComponent leaves alone, are encoded too, like the SDKs' extendedEncodeURIComponent.
 */
function encodeModelId(model: string): string {
  return encodeURIComponent(model).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function requestId(response: UpstreamResponse, context: ProviderCallContext): string {
  const header = response.headers['x-amzn-requestid'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value === '' ? context.requestId : value;
}
