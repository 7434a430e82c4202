import type { ProviderType } from '../providers/provider-types.js';

/**
 * gen_ai.provider.name for each provider type: the semantic conventions' well-known value where there
 * is one (semantic-conventions 1.45), else the type itself (the attribute is an open enum; an
 * OpenAI-compatible server of unknown make is `openai-compatible`).
 */
const WELL_KNOWN: Partial<Record<ProviderType, string>> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  anthropic: 'anthropic',
  bedrock: 'aws.bedrock',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  cohere: 'cohere',
  deepseek: 'deepseek',
  groq: 'groq',
  mistral: 'mistral_ai',
  perplexity: 'perplexity',
  xai: 'x_ai',
};

export function genAiProviderName(type: ProviderType): string {
  return WELL_KNOWN[type] ?? type;
}
