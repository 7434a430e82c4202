import { RouteTrace } from '../../routing/explain.js';
import { readRoutingHints } from '../../routing/routing-hints.js';
import type { EmbeddingRequest, EmbeddingVector } from '../../spec/embedding.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { setRouteHeaders, wantsTrace } from '../route-headers.js';
import { sendJson } from '../send-json.js';
import { withDeadline } from '../with-deadline.js';
import { EmbeddingRequestSchema } from './chat-request-schema.js';
import { parseRequestBody } from './parse-request-body.js';
import { resolveModelGroup } from './resolve-model-group.js';

/** POST /v1/embeddings: routed like a chat request, over the group's embedding deployments. */
export async function handleEmbeddings(context: RequestContext): Promise<void> {
  const { runtime } = context;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const request = parseRequestBody(EmbeddingRequestSchema, body, 'embeddings request') as EmbeddingRequest;
  const group = resolveModelGroup(runtime, request.model);
  const hints = readRoutingHints(context.request.headers, request['skyroute'], runtime.config.routing.allow_request_strategy);
  const trace = new RouteTrace(request.model, Date.now, wantsTrace(context));
  await withDeadline(context, async (cancellation, deadlineAt) => {
    const call = { requestId: context.requestId, cancellation, deadlineAt, headers: context.request.headers, hints, trace };
    const routed = await runtime.router.routeEmbedding(group, request, call).catch((error: unknown) => {
      setRouteHeaders(context, trace, undefined);
      throw error;
    });
    setRouteHeaders(context, trace, routed.deployment);
    const result = routed.value;
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
