import { tryDeployments } from '../../routing/try-deployments.js';
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
  // An unknown model may embed (its capabilities are assumed); a known one must be an embedding model.
  const candidates = group.deployments.filter((deployment) => deployment.mode === 'embedding' || deployment.catalogEntry === undefined);
  if (candidates.length === 0) {
    throw new GatewayError('GW_ERR_MODEL_WRONG_MODE', `model: "${request.model}" is a chat model, not an embedding model; use POST /v1/chat/completions, or pick an embedding model from GET /v1/models.`, { param: 'model' });
  }
  await withDeadline(context, async (cancellation) => {
    const tried = await tryDeployments(group.name, candidates, cancellation, (deployment) =>
      deployment.provider.embed({ ...request, model: deployment.model }, { requestId: context.requestId, cancellation }),
    );
    const result = tried.value;
    context.headers['x-skyroute-provider'] = tried.deployment.providerId;
    context.headers['x-skyroute-model'] = tried.deployment.model;
    context.headers['x-skyroute-attempts'] = String(tried.attempts.length);
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
