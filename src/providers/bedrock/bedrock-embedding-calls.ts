import type { EmbeddingRequest } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';

/** One InvokeModel call of an embedding request, and how to read its answer. */
export interface BedrockEmbeddingCall {
  body: Record<string, unknown>;
  /** The vectors of this call's inputs, in order, and the input tokens it reports (if it does). */
  read(response: Record<string, unknown>, headerTokens: number | undefined): { vectors: number[][]; tokens: number };
}

/** Cohere Embed on Bedrock takes at most 96 texts per call. */
const COHERE_BATCH = 96;

/**
 * An embedding request → the Bedrock InvokeModel calls that answer it, by model family (InvokeModel
 * bodies are each model's own format):
 * - Amazon Titan Text Embeddings (`amazon.titan-embed-text-v1`, `-v2:0`): one string per call,
 *   `{inputText, dimensions?, normalize}` → `{embedding, inputTextTokenCount}` (v1 takes only inputText);
 * - Cohere Embed (`cohere.embed-…`): `{texts, input_type: "search_document"}` → `{embeddings}`, in
 *   batches of 96; token counts come from the x-amzn-bedrock-input-token-count header.
 * Other models (and application inference profile ARNs, which do not name their model) are refused.
 */
export function bedrockEmbeddingCalls(request: EmbeddingRequest, provider: string): BedrockEmbeddingCall[] {
  const inputs = textInputs(request, provider);
  const model = request.model;
  if (model.includes('amazon.titan-embed-text')) {
    const v2 = !model.includes('titan-embed-text-v1');
    if (!v2 && request.dimensions !== undefined) throw unsupportedParameter(provider, 'dimensions', `${model} has a fixed size; Titan Text Embeddings v2 takes dimensions (256, 512 or 1024)`);
    return inputs.map((inputText) => ({
      body: { inputText, ...(v2 ? { normalize: true } : {}), ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }) },
      read: (response, headerTokens) => ({
        vectors: [vector(response.embedding, provider)],
        tokens: typeof response.inputTextTokenCount === 'number' ? response.inputTextTokenCount : (headerTokens ?? 0),
      }),
    }));
  }
  if (model.includes('cohere.embed')) {
    if (request.dimensions !== undefined) throw unsupportedParameter(provider, 'dimensions', `the gateway sends Cohere Embed requests without an output size; leave dimensions out for ${model}`);
    const calls: BedrockEmbeddingCall[] = [];
    for (let start = 0; start < inputs.length; start += COHERE_BATCH) {
      const texts = inputs.slice(start, start + COHERE_BATCH);
      calls.push({
        body: { texts, input_type: 'search_document' },
        read: (response, headerTokens) => {
          // Without embedding_types the answer is a list of float vectors; embed-v4 may nest them under `float`.
          const raw = Array.isArray(response.embeddings) ? response.embeddings : (response.embeddings as { float?: unknown } | undefined)?.float;
          if (!Array.isArray(raw) || raw.length !== texts.length) throw invalidResponse(provider, `expected ${texts.length} embeddings`);
          return { vectors: raw.map((item) => vector(item, provider)), tokens: headerTokens ?? 0 };
        },
      });
    }
    return calls;
  }
  throw unsupportedParameter(
    provider,
    'model',
    `the gateway embeds with Amazon Titan Text Embeddings (amazon.titan-embed-text-…) and Cohere Embed (cohere.embed-…) on Bedrock; ${JSON.stringify(model)} is neither`,
  );
}

function textInputs(request: EmbeddingRequest, provider: string): string[] {
  const input = request.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input as string[];
  throw unsupportedParameter(provider, 'input', 'Bedrock embedding models take text; token arrays cannot be sent');
}

function vector(value: unknown, provider: string): number[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number')) throw invalidResponse(provider, 'an embedding is not a list of numbers');
  return value as number[];
}

function invalidResponse(provider: string, why: string): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: ${why}`, { provider });
}
