import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { embedText } from './embed-text.js';
import { findSimModel } from './find-sim-model.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import { respondToOpenAiSimFault } from './respond-to-openai-sim-fault.js';
import { sendOpenAiSimError, type OpenAiSimError } from './send-openai-sim-error.js';

const encodingFormats = ['float', 'base64'] as const;

/**
 * `POST /v1/embeddings`: `input` as a string, strings, a token array or token arrays;
 * `encoding_format` float or base64 (little-endian float32, as OpenAI encodes it); `dimensions`.
 */
export function handleOpenAiSimEmbeddings(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  requestId: string,
): void {
  const fail = (error: OpenAiSimError): void => {
    state.stats.completed++;
    sendOpenAiSimError(response, error, requestId);
  };
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const found = findSimModel(state, body, 'embedding');
  if ('status' in found) return fail(found);
  const { model, runtime } = found;

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToOpenAiSimFault(state, request, fate.fault, model, fail);

  const inputs = normalizeInput(fields.input);
  if (inputs === undefined) {
    return fail(fields.input === undefined ? openAiSimErrors.missingParameter('input') : invalidInput());
  }
  const format = fields.encoding_format ?? 'float';
  if (!(encodingFormats as readonly unknown[]).includes(format)) {
    return fail(openAiSimErrors.invalidValue('encoding_format', format, encodingFormats));
  }
  const fullDimensions = runtime.profile.embeddingDimensions;
  const dimensions = fields.dimensions ?? fullDimensions;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > fullDimensions) {
    return fail(
      openAiSimErrors.custom(
        `Invalid value for 'dimensions' = ${String(dimensions)}. Must be an integer between 1 and ${fullDimensions}.`,
        'dimensions',
        'invalid_value',
      ),
    );
  }

  let promptTokens = 0;
  const data = inputs.map((input, index) => {
    promptTokens += input.tokens;
    const vector = embedText(state.seed, model, input.key, fullDimensions, dimensions);
    return { object: 'embedding', index, embedding: format === 'base64' ? toLittleEndianBase64(vector) : Array.from(vector) };
  });
  const answer = JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
  const send = (): void => {
    state.stats.completed++;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer), 'x-request-id': requestId });
    response.end(answer);
  };
  if (fate.firstTokenDelayMs <= 0) return send();
  const timer = setTimeout(send, fate.firstTokenDelayMs);
  const cancel = (): void => clearTimeout(timer);
  state.pending.add(cancel);
  response.once('close', () => {
    clearTimeout(timer);
    state.pending.delete(cancel);
  });
}

// OpenAI rejects empty strings and empty arrays with this generic message.
function invalidInput(): OpenAiSimError {
  return openAiSimErrors.custom("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", null);
}

/** Each input with the text its vector is derived from and its token count. */
function normalizeInput(input: unknown): { key: string; tokens: number }[] | undefined {
  const isTokenArray = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((token) => typeof token === 'number' && Number.isInteger(token));
  const fromText = (text: string): { key: string; tokens: number } => ({ key: text, tokens: Math.max(1, Math.ceil(text.length / 4)) });
  if (typeof input === 'string') return input === '' ? undefined : [fromText(input)];
  if (isTokenArray(input)) return [{ key: `tokens:${input.join(',')}`, tokens: input.length }];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const inputs: { key: string; tokens: number }[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') inputs.push(fromText(item));
    else if (isTokenArray(item)) inputs.push({ key: `tokens:${item.join(',')}`, tokens: item.length });
    else return undefined;
  }
  return inputs;
}

function toLittleEndianBase64(vector: Float32Array): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index] ?? 0, index * 4);
  return bytes.toString('base64');
}
