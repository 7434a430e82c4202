import type { EmbeddingRequest, EmbeddingVector } from '../../spec/embedding.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { routeAndRespond } from '../route-and-respond.js';
import { sendJson } from '../send-json.js';
import { EmbeddingRequestSchema } from './chat-request-schema.js';
import { parseRequestBody } from './parse-request-body.js';

/** POST /v1/embeddings: routed like a chat request, over the group's embedding deployments. */
export async function handleEmbeddings(context: RequestContext): Promise<void> {
  const { runtime } = context;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const request = parseRequestBody(EmbeddingRequestSchema, body, 'embeddings request') as EmbeddingRequest;
  await routeAndRespond(context, {
    endpoint: 'embeddings',
    model: request.model,
    bodyHints: request['skyroute'],
    stream: false,
    promptTokens: () => embeddingInputTokens(request, runtime.router.parts.countText),
    maxOutputTokens: 0,
    body,
    route: (group, call) => runtime.router.routeEmbedding(group, request, call),
    usageOf: (result) => result.usage,
    respond: (result) => {
      const format = request.encoding_format ?? 'float';
      sendJson(
        context.response,
        200,
        {
          object: 'list',
          data: result.embeddings.map((vector, index) => ({ object: 'embedding', index, embedding: convertVector(vector, format) })),
          model: result.model,
          usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
        },
        context.headers,
      );
    },
  });
}

/** Text inputs counted with the router's tokenizer; token-id inputs are their own count. */
function embeddingInputTokens(request: EmbeddingRequest, countText: (text: string) => number): number {
  const { input } = request;
  if (typeof input === 'string') return countText(input);
  let total = 0;
  for (const item of input) total += typeof item === 'string' ? countText(item) : Array.isArray(item) ? item.length : 1;
  return total;
}

/** Converts between float arrays and base64 little-endian float32, only when the upstream sent the other form. */
function convertVector(vector: EmbeddingVector, format: 'float' | 'base64'): EmbeddingVector {
  if (format === 'base64') {
    if (typeof vector === 'string') return vector;
    return Buffer.from(new Float32Array(vector).buffer).toString('base64');
  }
  if (typeof vector !== 'string') return vector;
  const bytes = Buffer.from(vector, 'base64');
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return Array.from(floats);
}
