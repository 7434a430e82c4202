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
  await routeAndRespond(
    context,
    request.model,
    request['skyroute'],
    (group, call) => runtime.router.routeEmbedding(group, request, call),
    (result) => {
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
  );
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
