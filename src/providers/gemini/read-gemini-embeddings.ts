import type { EmbeddingResult } from '../../spec/embedding.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { emptyUsage } from '../../spec/usage.js';

/**
 * Google's embedding answer → canonical vectors, in input order.
 * - Gemini API: `{embeddings: [{values}]}`; it reports no token count (usage stays 0) unless a
 *   `usageMetadata.promptTokenCount` is present;
 * - Vertex `predict`: `{predictions: [{embeddings: {values, statistics: {token_count}}}]}`; input
 *   tokens are the sum of the `token_count`s.
 * A body that does not hold one vector per input is a 502.
 */
export function readGeminiEmbeddings(json: Record<string, unknown>, flavour: 'gemini' | 'vertex', model: string, inputs: number, provider: string): EmbeddingResult {
  const usage = emptyUsage();
  let vectors: unknown[];
  if (flavour === 'gemini') {
    const items = Array.isArray(json.embeddings) ? (json.embeddings as Array<Record<string, unknown>>) : [];
    vectors = items.map((item) => item?.values);
    const prompt = (json.usageMetadata as Record<string, unknown> | undefined)?.promptTokenCount;
    if (typeof prompt === 'number') usage.inputTokens = prompt;
  } else {
    const items = Array.isArray(json.predictions) ? (json.predictions as Array<Record<string, unknown>>) : [];
    const embeddings = items.map((item) => (item?.embeddings ?? {}) as Record<string, unknown>);
    vectors = embeddings.map((embedding) => embedding.values);
    for (const embedding of embeddings) {
      const count = (embedding.statistics as Record<string, unknown> | undefined)?.token_count;
      if (typeof count === 'number') usage.inputTokens += count;
    }
  }
  if (vectors.length !== inputs || !vectors.every((vector): vector is number[] => Array.isArray(vector))) {
    throw new GatewayError('GW_ERR_UPSTREAM_INVALID_RESPONSE', `${provider}: expected ${inputs} embedding vector(s), got ${JSON.stringify(json).slice(0, 200)}`, { provider });
  }
  return { model, embeddings: vectors, usage };
}
