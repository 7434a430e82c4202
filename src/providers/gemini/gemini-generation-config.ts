import type { ChatRequest } from '../../spec/chat-request.js';
import { outputTokenLimit } from '../shared/output-token-limit.js';
import { stopSequences } from '../shared/stop-sequences.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import { geminiThinkingConfig } from './gemini-thinking-config.js';
import type { GeminiGenerationConfig } from './gemini-wire.js';

/**
 * The request's sampling, length, format and thinking fields → `generationConfig`
 * (https://ai.google.dev/api/generate-content#generationconfig). Gemini's temperature range is
 * OpenAI's (0–2), so it is passed as given. JSON schemas go as full JSON Schema
 * (`responseJsonSchema`, which js-genai itself uses since v1.9) rather than the OpenAPI subset.
 */
export function geminiGenerationConfig(request: ChatRequest, model: string, provider: string): GeminiGenerationConfig | undefined {
  if (request.n !== undefined && request.n !== null && request.n !== 1) {
    throw unsupportedParameter(provider, 'n', 'the gateway asks Gemini for one candidate per request; send n: 1 or leave it out');
  }
  if (request.logprobs === true || (request.top_logprobs !== undefined && request.top_logprobs !== null)) {
    throw unsupportedParameter(
      provider,
      request.logprobs === true ? 'logprobs' : 'top_logprobs',
      "Gemini reports log probabilities in its own shape (logprobsResult), which the gateway does not translate into OpenAI's",
    );
  }
  const config: GeminiGenerationConfig = {};
  const maxTokens = outputTokenLimit(request);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (request.temperature !== undefined && request.temperature !== null) config.temperature = request.temperature;
  if (request.top_p !== undefined && request.top_p !== null) config.topP = request.top_p;
  if (request.top_k !== undefined && request.top_k !== null) config.topK = request.top_k;
  const stop = stopSequences(request);
  if (stop !== undefined) config.stopSequences = stop;
  if (request.seed !== undefined && request.seed !== null) config.seed = request.seed;
  if (request.presence_penalty !== undefined && request.presence_penalty !== null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty !== undefined && request.frequency_penalty !== null) config.frequencyPenalty = request.frequency_penalty;
  applyResponseFormat(request, config, provider);
  const thinking = geminiThinkingConfig(request.reasoning_effort, model);
  if (thinking !== undefined) config.thinkingConfig = thinking;
  return Object.keys(config).length === 0 ? undefined : config;
}

function applyResponseFormat(request: ChatRequest, config: GeminiGenerationConfig, provider: string): void {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return;
  if (format.type === 'json_object') {
    config.responseMimeType = 'application/json';
    return;
  }
  if (format.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    const schema = format.json_schema?.schema;
    if (schema !== undefined) config.responseJsonSchema = schema;
    return;
  }
  throw unsupportedParameter(provider, 'response_format', `type ${JSON.stringify((format as { type: unknown }).type)} has no Gemini equivalent`);
}
