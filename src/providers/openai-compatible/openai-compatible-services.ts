import type { ChatRequest } from '../../spec/chat-request.js';
import type { CompatibleProviderType } from '../provider-types.js';

/** A parameter a service documents it cannot take: the gateway refuses it with a 400 instead of a confusing upstream error. */
export interface RefusedParameter {
  parameter: string;
  applies: (request: ChatRequest) => boolean;
  reason: string;
}

/**
 * One OpenAI-compatible service as data: where its defaults live in the catalog and the quirks the
 * shared adapter must handle (PROVIDER-MAPPING.md §1, §5, §6).
 */
export interface CompatibleService {
  /** Catalog provider whose `base_url`, `api_key_env` and models apply; undefined for generic servers. */
  catalogProvider: string | undefined;
  apiKeyRequired: boolean;
  authentication: 'bearer' | 'api-key-header';
  /**
   * Plain content chunks may be forwarded verbatim (see RawEventsPart). Safe for any server that
   * speaks the wire format, since every chunk that carries anything the gateway must read or
   * normalise is parsed; off only where content itself needs rewriting.
   */
  rawChunks: boolean;
  /** Accepts `stream_options.include_usage`; services that do not always send usage anyway. */
  streamUsageOption: boolean;
  /** Accepts `reasoning_content` on assistant messages of the history (DeepSeek thinking mode needs it back). */
  keepsReasoningHistory: boolean;
  /**
   * Takes Anthropic-style `cache_control` on messages, content parts and tools (OpenRouter passes it to
   * Anthropic and Gemini models; a generic server may be a proxy that does). Elsewhere it is removed:
   * those services cache automatically, and strict ones reject unknown fields.
   */
  keepsCacheControl: boolean;
  /** Mistral accepts only 9-character alphanumeric tool-call ids. */
  nineCharacterToolCallIds: boolean;
  /** Knows only `max_tokens`, so `max_completion_tokens` is renamed. */
  maxTokensOnly: boolean;
  /** Knows `random_seed`, not `seed` (Mistral). */
  randomSeed: boolean;
  /** Counts reasoning tokens outside completion_tokens (xAI). */
  completionExcludesReasoning: boolean;
  refuses: RefusedParameter[];
}

const plain: CompatibleService = {
  catalogProvider: undefined,
  apiKeyRequired: true,
  authentication: 'bearer',
  rawChunks: true,
  streamUsageOption: true,
  keepsReasoningHistory: false,
  keepsCacheControl: false,
  nineCharacterToolCallIds: false,
  maxTokensOnly: false,
  randomSeed: false,
  completionExcludesReasoning: false,
  refuses: [],
};

const selfHosted: CompatibleService = { ...plain, apiKeyRequired: false, keepsReasoningHistory: true };

const nMustBeOne = (service: string): RefusedParameter => ({
  parameter: 'n',
  applies: (request) => request.n !== undefined && request.n !== null && request.n !== 1,
  reason: `${service} only supports n = 1`,
});

const notSupported = (parameter: keyof ChatRequest & string, service: string): RefusedParameter => ({
  parameter,
  applies: (request) => request[parameter] !== undefined && request[parameter] !== null && request[parameter] !== false,
  reason: `${service} does not support ${parameter}`,
});

export const COMPATIBLE_SERVICES = {
  openai: { ...plain, catalogProvider: 'openai' },
  azure: { ...plain, catalogProvider: 'azure', authentication: 'api-key-header' },
  'openai-compatible': { ...plain, apiKeyRequired: false, keepsReasoningHistory: true, keepsCacheControl: true },
  // https://console.groq.com/docs/openai: logprobs, logit_bias, top_logprobs and n > 1 are refused.
  groq: {
    ...plain,
    catalogProvider: 'groq',
    refuses: [nMustBeOne('Groq'), notSupported('logprobs', 'Groq'), notSupported('logit_bias', 'Groq'), notSupported('top_logprobs', 'Groq')],
  },
  together: { ...plain, catalogProvider: 'together' },
  fireworks: { ...plain, catalogProvider: 'fireworks' },
  deepseek: { ...plain, catalogProvider: 'deepseek', keepsReasoningHistory: true, maxTokensOnly: true },
  xai: { ...plain, catalogProvider: 'xai', completionExcludesReasoning: true },
  openrouter: { ...plain, catalogProvider: 'openrouter', keepsCacheControl: true },
  perplexity: { ...plain, catalogProvider: 'perplexity' },
  // Mistral rejects unknown fields (422), sends whole tool calls without `index`, and wants 9-character ids.
  mistral: {
    ...plain,
    catalogProvider: 'mistral',
    rawChunks: false,
    streamUsageOption: false,
    nineCharacterToolCallIds: true,
    maxTokensOnly: true,
    randomSeed: true,
    refuses: [notSupported('logit_bias', 'Mistral'), notSupported('logprobs', 'Mistral')],
  },
  byteplus: { ...plain, catalogProvider: 'byteplus', keepsReasoningHistory: true },
  ollama: { ...selfHosted, catalogProvider: 'ollama' },
  vllm: { ...selfHosted, catalogProvider: 'vllm' },
  lmstudio: { ...selfHosted, catalogProvider: 'lmstudio' },
  llamacpp: { ...selfHosted, catalogProvider: 'llamacpp' },
} as const satisfies Record<CompatibleProviderType, CompatibleService>;
