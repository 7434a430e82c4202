import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { embedText } from './embed-text.js';
import { geminiSimErrors } from './gemini-sim-errors.js';
import type { GeminiSimTarget } from './parse-gemini-sim-path.js';
import { protoJson } from './read-proto-json-field.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { sendSimEmbeddingsLater } from './send-sim-embeddings-later.js';

type Json = Record<string, unknown>;

interface EmbeddingInput {
  text: string;
  dimensions: unknown;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Gemini embeddings: `:embedContent` → `{embedding:{values}}`, `:batchEmbedContents` →
 * `{embeddings:[{values}]}` (each request naming the same model as the URL), and Vertex's
 * `:predict` → `{predictions:[{embeddings:{values, statistics}}]}`. `outputDimensionality`
 * shortens vectors as the OpenAI wire's `dimensions` does.
 */
export function handleGeminiSimEmbeddings(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  target: GeminiSimTarget,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    geminiSimErrors.send(response, failure);
  };
  const { model, method } = target;
  const runtime = state.runtimes.get(model);
  if (!runtime || runtime.profile.kind !== 'embedding') return fail(geminiSimErrors.modelNotFound(model, method, target.vertexName));
  if (!isObject(body)) return fail(geminiSimErrors.invalidJson());

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(geminiSimErrors.fromFault(fault, model)));

  const inputs = readInputs(body, method, model);
  if (!Array.isArray(inputs)) return fail(inputs);
  const fullDimensions = runtime.profile.embeddingDimensions;
  const vectors: number[][] = [];
  for (const input of inputs) {
    const dimensions = input.dimensions ?? fullDimensions;
    if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > fullDimensions) {
      return fail(geminiSimErrors.invalidArgument(`* EmbedContentRequest.output_dimensionality: must be between 1 and ${fullDimensions}\n`));
    }
    vectors.push(Array.from(embedText(state.seed, model, input.text, fullDimensions, dimensions)));
  }
  let answer: unknown;
  if (method === 'embedContent') answer = { embedding: { values: vectors[0] } };
  else if (method === 'batchEmbedContents') answer = { embeddings: vectors.map((values) => ({ values })) };
  else {
    answer = {
      predictions: vectors.map((values, index) => ({
        embeddings: { statistics: { truncated: false, token_count: Math.max(1, Math.ceil((inputs[index]?.text.length ?? 0) / 4)) }, values },
      })),
      metadata: { billableCharacterCount: inputs.reduce((sum, input) => sum + input.text.length, 0) },
    };
  }
  sendSimEmbeddingsLater(state, response, fate.firstTokenDelayMs, () => sendSimJson(response, 200, answer));
}

function readInputs(body: Json, method: string, model: string): EmbeddingInput[] | SimWireError {
  if (method === 'embedContent') {
    const text = contentText(body.content, 'EmbedContentRequest.content');
    return typeof text === 'string' ? [{ text, dimensions: protoJson.field(body, 'outputDimensionality') }] : text;
  }
  if (method === 'batchEmbedContents') {
    if (!Array.isArray(body.requests) || body.requests.length === 0) return geminiSimErrors.invalidArgument('* BatchEmbedContentsRequest.requests: requests must not be empty\n');
    const inputs: EmbeddingInput[] = [];
    for (let index = 0; index < body.requests.length; index++) {
      const entry: unknown = body.requests[index];
      if (!isObject(entry)) return geminiSimErrors.invalidArgument(`Invalid value at 'requests[${index}]'`);
      if (entry.model !== `models/${model}`) {
        return geminiSimErrors.invalidArgument(`* BatchEmbedContentsRequest.requests[${index}].model: the model of every request must be the model of the URL (models/${model}), got ${String(entry.model)}\n`);
      }
      const text = contentText(entry.content, `BatchEmbedContentsRequest.requests[${index}].content`);
      if (typeof text !== 'string') return text;
      inputs.push({ text, dimensions: protoJson.field(entry, 'outputDimensionality') });
    }
    return inputs;
  }
  // Vertex :predict
  if (!Array.isArray(body.instances) || body.instances.length === 0) return geminiSimErrors.invalidArgument('instances must not be empty');
  const parameters = isObject(body.parameters) ? body.parameters : {};
  const dimensions = protoJson.field(parameters, 'outputDimensionality');
  const inputs: EmbeddingInput[] = [];
  for (const instance of body.instances) {
    if (!isObject(instance) || typeof instance.content !== 'string' || instance.content === '') {
      return geminiSimErrors.invalidArgument('Each instance needs a non-empty `content` string.');
    }
    inputs.push({ text: instance.content, dimensions });
  }
  return inputs;
}

function contentText(content: unknown, at: string): string | SimWireError {
  if (!isObject(content) || !Array.isArray(content.parts) || content.parts.length === 0) {
    return geminiSimErrors.invalidArgument(`* ${at}.parts: contents.parts must not be empty.\n`);
  }
  const texts = content.parts.map((part: unknown) => (isObject(part) && typeof part.text === 'string' ? part.text : ''));
  const text = texts.join('');
  return text === '' ? geminiSimErrors.invalidArgument(`* ${at}.parts[0].text: text must not be empty.\n`) : text;
}
