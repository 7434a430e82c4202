/** Provider `type` names accepted in config: the lower-case provider names. */
export const PROVIDER_TYPES = [
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

export type ProviderType = (typeof PROVIDER_TYPES)[number];
