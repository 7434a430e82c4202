import type { EmbeddingRequest } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';

/** Fields an embeddings request may carry: OpenAI's, the gateway's own, and Cohere's `input_type` / `truncate`. */
const KNOWN = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user', 'skyroute', 'providerOptions', 'input_type', 'truncate']);

/**
 * An OpenAI embeddings request → a Cohere `POST /v2/embed` body (docs.cohere.com/reference/embed).
 *
 * - `input` (a string or strings) → `texts`; token arrays are refused (Cohere embeds text).
 * - `input_type` is required by Cohere's v3+ models and has no OpenAI field: it defaults to
 *   `search_document` (embedding content for later search), and a client may send Cohere's own
 *   `input_type` (`search_query`, `classification`, `clustering`) or `truncate` at the top level.
 * - `dimensions` → `output_dimension` (embed-v4: 256, 512, 1024, 1536).
 * - Vectors are always asked for as `float`: Cohere's `base64` type does not document its byte order,
 *   and the ingress turns floats into OpenAI's little-endian base64 exactly when the client asks.
 * - `user` is left out (no Cohere field; it does not change vectors); other fields are refused.
 * - `providerOptions.cohere` (or the provider's id) is merged in last.
 */
export function convertToCohereEmbedRequest(request: EmbeddingRequest, provider: string, providerType: string): Record<string, unknown> {
  for (const key in request) {
    if (request[key] === undefined || request[key] === null || KNOWN.has(key)) continue;
    throw unsupportedParameter(provider, key, 'it has no equivalent in Cohere\'s embed API, and the gateway does not drop fields silently');
  }
  const { input } = request;
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string')) {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `${provider} embeds text: input must be a string or an array of strings, not token arrays`, {
      param: 'input',
      provider,
    });
  }
  const body: Record<string, unknown> = {
    model: request.model,
    texts,
    input_type: typeof request.input_type === 'string' ? request.input_type : 'search_document',
    embedding_types: ['float'],
  };
  if (typeof request.dimensions === 'number') body.output_dimension = request.dimensions;
  if (typeof request.truncate === 'string') body.truncate = request.truncate;
  const options = request.providerOptions as Record<string, Record<string, unknown>> | undefined;
  const extra = options?.[provider] ?? options?.[providerType];
  if (extra !== undefined && extra !== null && typeof extra === 'object') Object.assign(body, extra);
  return body;
}
