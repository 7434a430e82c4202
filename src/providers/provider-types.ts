/** Types served by the shared OpenAI-compatible adapter (each one a data entry in openai-compatible-services.ts). */
export const COMPATIBLE_PROVIDER_TYPES = [
  'openai',
  'azure',
  'openai-compatible',
  'groq',
  'together',
  'fireworks',
  'deepseek',
  'xai',
  'openrouter',
  'perplexity',
  'mistral',
  'byteplus',
  'ollama',
  'vllm',
  'lmstudio',
  'llamacpp',
] as const;

/** Types with their own adapter folder (native wire formats). */
export const NATIVE_PROVIDER_TYPES = ['anthropic', 'gemini', 'vertex', 'bedrock', 'cohere'] as const;

/** Provider `type` names accepted in config: the lower-case provider names. */
export const PROVIDER_TYPES = [...COMPATIBLE_PROVIDER_TYPES, ...NATIVE_PROVIDER_TYPES] as const;

export type CompatibleProviderType = (typeof COMPATIBLE_PROVIDER_TYPES)[number];
export type ProviderType = (typeof PROVIDER_TYPES)[number];
