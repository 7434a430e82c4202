import type { EmbeddingRequest } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';

/** Fields that are read here, or only shape the gateway's own answer (`encoding_format`). */
const HANDLED = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user', 'providerOptions', 'skyroute']);

export interface GeminiEmbeddingCall {
  /** The method, appended to `/models/{model}`. */
  method: 'batchEmbedContents' | 'predict';
  body: Record<string, unknown>;
}

/**
 * An OpenAI embeddings request → Google's batch call.
 * - Gemini API `batchEmbedContents`: one `{model: "models/…", content: {parts: [{text}]}}` request
 *   per input (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents);
 * - Vertex `predict`: one `{content}` instance per input
 *   (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api).
 * `dimensions` → `outputDimensionality`. `encoding_format` is the ingress's business: Google sends
 * floats, and base64 is encoded from them as OpenAI does (little-endian float32). Token-array
 * inputs have no Gemini equivalent and are refused. `providerOptions` (e.g. `taskType`, `title`)
 * are merged into every request (Gemini) or every instance (Vertex; there `task_type`).
 */
export function convertToGeminiEmbeddingRequest(
  request: EmbeddingRequest,
  flavour: 'gemini' | 'vertex',
  model: string,
  provider: string,
  options: Record<string, unknown> | undefined,
): GeminiEmbeddingCall {
  for (const key in request) {
    if (request[key] === undefined || request[key] === null || HANDLED.has(key)) continue;
    throw unsupportedParameter(provider, key, "it has no equivalent in Google's embedding API, and the gateway does not drop fields silently");
  }
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((input): input is string => typeof input === 'string')) {
    throw new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `${provider} embeds text only; token arrays cannot be sent to Google's embedding API`, {
      param: 'input',
      provider,
    });
  }
  const dimensions = typeof request.dimensions === 'number' ? { outputDimensionality: request.dimensions } : {};
  if (flavour === 'gemini') {
    return {
      method: 'batchEmbedContents',
      body: { requests: inputs.map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] }, ...dimensions, ...options })) },
    };
  }
  return {
    method: 'predict',
    body: {
      instances: inputs.map((content) => ({ content, ...options })),
      ...(typeof request.dimensions === 'number' ? { parameters: dimensions } : {}),
    },
  };
}
