import type { IncomingMessage, ServerResponse } from 'node:http';
import { bedrockSimErrors } from './bedrock-sim-errors.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { embedText } from './embed-text.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { sendSimEmbeddingsLater } from './send-sim-embeddings-later.js';

type Json = Record<string, unknown>;

const titanFields = new Set(['inputText', 'dimensions', 'normalize', 'embeddingTypes']);
const cohereFields = new Set(['texts', 'input_type', 'truncate', 'embedding_types', 'images', 'output_dimension', 'max_tokens']);
const cohereInputTypes = ['search_document', 'search_query', 'classification', 'clustering'];

function malformed(problem: string): SimWireError {
  return bedrockSimErrors.validation(`Malformed input request: #: ${problem}, please reformat your input and try again.`);
}

function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * `POST /model/{modelId}/invoke` for embedding models, in the model's native body: Amazon Titan
 * Text Embeddings v2 (`{inputText, dimensions?, normalize?}` → `{embedding, embeddingsByType,
 * inputTextTokenCount}`) or Cohere Embed on Bedrock (`{texts, input_type}` →
 * `{embeddings, id, response_type, texts}`), told apart by their fields. Keys the model does not
 * know are refused, as Bedrock refuses them.
 */
export function handleBedrockSimInvoke(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  model: string,
  requestId: string,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    bedrockSimErrors.send(response, failure, requestId);
  };
  const runtime = state.runtimes.get(model);
  if (!runtime) return fail(bedrockSimErrors.invalidModel());
  if (runtime.profile.kind !== 'embedding') return fail(bedrockSimErrors.validation('The simulator serves InvokeModel for embedding models only; use Converse for chat models.'));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(bedrockSimErrors.invalidJson());
  const fields = body as Json;

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(bedrockSimErrors.fromFault(fault)));

  const full = runtime.profile.embeddingDimensions;
  const cohere = fields.texts !== undefined;
  const known = cohere ? cohereFields : titanFields;
  const extra = Object.keys(fields).find((key) => !known.has(key));
  if (extra !== undefined) return fail(malformed(`extraneous key [${extra}] is not permitted`));
  let answer: unknown;
  if (cohere) {
    const texts = fields.texts;
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string' && text !== '')) return fail(malformed('texts: expected a non-empty array of strings'));
    if (!cohereInputTypes.includes(String(fields.input_type))) return fail(malformed('required key [input_type] not found'));
    const embeddings = (texts as string[]).map((text) => Array.from(embedText(state.seed, model, text, full, full)));
    answer = { embeddings, id: requestId, response_type: 'embeddings_floats', texts };
  } else {
    if (typeof fields.inputText !== 'string' || fields.inputText === '') return fail(malformed('required key [inputText] not found'));
    const dimensions = fields.dimensions ?? full;
    if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > full) {
      return fail(malformed(`dimensions: ${String(dimensions)} is not a valid value (1 to ${full})`));
    }
    const embedding = Array.from(embedText(state.seed, model, fields.inputText, full, dimensions));
    answer = { embedding, embeddingsByType: { float: embedding }, inputTextTokenCount: tokensOf(fields.inputText) };
  }
  sendSimEmbeddingsLater(state, response, fate.firstTokenDelayMs, () => sendSimJson(response, 200, answer, { 'x-amzn-RequestId': requestId }));
}
