import type { IncomingMessage, ServerResponse } from 'node:http';
import { cohereSimErrors } from './cohere-sim-errors.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { embedText } from './embed-text.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { sendSimEmbeddingsLater } from './send-sim-embeddings-later.js';

const inputTypes = ['search_document', 'search_query', 'classification', 'clustering', 'image'];
const embeddingTypes = ['float', 'int8', 'uint8', 'binary', 'ubinary'];

/**
 * `POST /v2/embed`: `texts` with the `input_type` Cohere's v3+ models require, `embedding_types`
 * (float, int8, uint8, binary, ubinary; float when absent) and `output_dimension`. Answers
 * `{id, embeddings: {<type>: [...]}, texts, meta, response_type: "embeddings_by_type"}`.
 */
export function handleCohereSimEmbed(state: SimulatorState, request: IncomingMessage, response: ServerResponse, body: unknown, requestId: string): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    cohereSimErrors.send(response, failure, requestId);
  };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(cohereSimErrors.invalidJson());
  const fields = body as Record<string, unknown>;
  const model = fields.model;
  if (typeof model !== 'string' || model === '') return fail(cohereSimErrors.invalid('model must be specified'));
  const runtime = state.runtimes.get(model);
  if (!runtime) return fail(cohereSimErrors.modelNotFound(model));
  if (runtime.profile.kind !== 'embedding') return fail(cohereSimErrors.invalid(`model '${model}' does not support the embed endpoint`));

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(cohereSimErrors.fromFault(fault)));

  const texts = fields.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string' && text !== '')) {
    return fail(cohereSimErrors.invalid('texts must be a non-empty array of non-empty strings'));
  }
  if (!inputTypes.includes(String(fields.input_type))) return fail(cohereSimErrors.invalid('valid input_type must be provided with the provided model'));
  const types = fields.embedding_types ?? ['float'];
  if (!Array.isArray(types) || types.length === 0 || !types.every((type) => embeddingTypes.includes(String(type)))) {
    return fail(cohereSimErrors.invalid(`embedding_types must be a non-empty array of ${embeddingTypes.join(', ')}`));
  }
  const full = runtime.profile.embeddingDimensions;
  const dimensions = fields.output_dimension ?? full;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > full || dimensions % 8 !== 0) {
    return fail(cohereSimErrors.invalid(`output_dimension must be a multiple of 8 between 8 and ${full}`));
  }
  const vectors = (texts as string[]).map((text) => Array.from(embedText(state.seed, model, text, full, dimensions)));
  const embeddings: Record<string, number[][]> = {};
  for (const type of types as string[]) embeddings[type] = vectors.map((vector) => quantize(vector, type));
  const inputTokens = (texts as string[]).reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  const answer = { id: requestId, embeddings, texts, meta: { api_version: { version: '2' }, billed_units: { input_tokens: inputTokens } }, response_type: 'embeddings_by_type' };
  sendSimEmbeddingsLater(state, response, fate.firstTokenDelayMs, () => sendSimJson(response, 200, answer, { 'x-request-id': requestId }));
}

/** Cohere's compressed types: int8/uint8 scale each value, binary/ubinary pack one sign bit per dimension into bytes. */
function quantize(vector: number[], type: string): number[] {
  if (type === 'float') return vector;
  // Unit vectors rarely exceed ±0.3 per dimension; scaling by the largest magnitude keeps the range used.
  const scale = Math.max(...vector.map(Math.abs)) || 1;
  if (type === 'int8') return vector.map((value) => Math.round((value / scale) * 127));
  if (type === 'uint8') return vector.map((value) => Math.round((value / scale + 1) * 127.5));
  const bytes: number[] = [];
  for (let index = 0; index < vector.length; index += 8) {
    let byte = 0;
    for (let bit = 0; bit < 8; bit++) byte = (byte << 1) | ((vector[index + bit] ?? 0) > 0 ? 1 : 0);
    bytes.push(type === 'ubinary' ? byte : byte - 128);
  }
  return bytes;
}
