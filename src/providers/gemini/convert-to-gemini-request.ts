import type { ChatRequest } from '../../spec/chat-request.js';
import { mergeProviderOptions } from '../shared/merge-provider-options.js';
import { providerOptionsFor } from '../shared/provider-options-for.js';
import { refuseUnhandledFields } from '../shared/refuse-unhandled-fields.js';
import { convertGeminiMessages, type MessagesOptions } from './convert-gemini-messages.js';
import { convertGeminiTools } from './convert-gemini-tools.js';
import { geminiGenerationConfig } from './gemini-generation-config.js';
import { geminiModelTraits } from './gemini-model-traits.js';
import type { GeminiRequestBody } from './gemini-wire.js';

/** Every top-level field this adapter maps (or refuses in detail where only some values translate). */
const HANDLED = new Set([
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'n',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logprobs',
  'top_logprobs',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
]);

export interface GeminiRequestOptions extends Omit<MessagesOptions, 'requireCallSignature'> {
  /** The provider's configured type (`gemini` or `vertex`), for `providerOptions`. */
  providerType: string;
}

/**
 * A canonical chat request → a `generateContent` body (the model goes in the URL, streaming is
 * chosen by the endpoint). Unmapped fields are refused (refuseUnhandledFields). `providerOptions`
 * for this provider (by id, else by type) are merged into the body last: a field that is an object
 * on both sides (`generationConfig`, `toolConfig`) is merged one level deep, so
 * `{gemini: {generationConfig: {responseModalities: ["TEXT"]}}}` adds to the translated config
 * rather than replacing it; any other field replaces the translated one (`safetySettings`,
 * `cachedContent`, `labels`…).
 */
export async function convertToGeminiRequest(request: ChatRequest, options: GeminiRequestOptions): Promise<GeminiRequestBody> {
  const { provider } = options;
  refuseUnhandledFields(request, provider, HANDLED);
  const traits = geminiModelTraits(request.model);
  const generationConfig = geminiGenerationConfig(request, request.model, provider);
  const tools = convertGeminiTools(request, provider);
  const messages = await convertGeminiMessages(request.messages, { ...options, requireCallSignature: traits.generation3 });
  const body: GeminiRequestBody = { ...messages, ...tools };
  if (generationConfig !== undefined) body.generationConfig = generationConfig;
  mergeProviderOptions(body, providerOptionsFor(request, provider, options.providerType));
  return body;
}
