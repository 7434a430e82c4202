import { hasCapability } from '../../routing/deployment.js';
import type { EmbeddingRequest, EmbeddingVector } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { withDeadline } from '../with-deadline.js';
import { EmbeddingRequestSchema } from './chat-request-schema.js';
import { parseRequestBody } from './parse-request-body.js';
import { resolveModelGroup } from './resolve-model-group.js';

/** POST /v1/embeddings: tries the group's embedding deployments in order while errors are retryable. */
export async function handleEmbeddings(context: RequestContext): Promise<void> {
  const { runtime } = context;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const request = parseRequestBody(EmbeddingRequestSchema, body, 'embeddings request') as EmbeddingRequest;
  const group = resolveModelGroup(runtime, request.model);
  const candidates = group.deployments.filter((deployment) => deployment.mode === 'embedding' || (deployment.catalogEntry === undefined && hasCapability(deployment, 'embeddings')));
  if (candidates.length === 0) {
    throw new GatewayError('GW_ERR_MODEL_WRONG_MODE', `model: "${request.model}" is a chat model, not an embedding model; use POST /v1/chat/completions, or pick an embedding model from GET /v1/models.`, { param: 'model' });
  }
  await withDeadline(context, async (cancellation) => {
    let lastError: unknown;
    for (const deployment of candidates) {
      try {
        const result = await deployment.provider.embed({ ...request, model: deployment.model }, { requestId: context.requestId, cancellation });
        context.headers['x-skyroute-provider'] = deployment.providerId;
        context.headers['x-skyroute-model'] = deployment.model;
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
        return;
      } catch (error) {
        lastError = error;
        if (!(error instanceof GatewayError) || !error.retryable || cancellation.aborted) throw error;
      }
    }
    throw lastError;
  });
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
