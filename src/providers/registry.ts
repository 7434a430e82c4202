import { Agent } from 'undici';
import type { ProviderConfig, TimeoutsConfig } from '../config/config-schema.js';
import type { CatalogProvider } from '../catalog/catalog-schema.js';
import { ConfigError } from '../config/config-error.js';
import type { ImageFetcher } from '../upstream/fetch-image.js';
import { resolveTimeouts } from '../upstream/upstream-timeouts.js';
import { anthropicProviderDefinition } from './anthropic/anthropic-provider-definition.js';
import { bedrockProviderDefinition } from './bedrock/bedrock-provider-definition.js';
import { cohereProviderDefinition } from './cohere/cohere-provider-definition.js';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { COMPATIBLE_SERVICES } from './openai-compatible/openai-compatible-services.js';
import { geminiProviderDefinition } from './gemini/gemini-provider-definition.js';
import { vertexProviderDefinition } from './gemini/vertex-provider-definition.js';
import type { ChatProvider } from './provider.js';
import type { CompatibleProviderType, ProviderType } from './provider-types.js';

export interface ProviderFactoryInput {
  id: string;
  config: ProviderConfig;
  /** The catalog's entry for this provider type (default base URL, key variable). */
  catalogProvider: CatalogProvider | undefined;
  environment: NodeJS.ProcessEnv;
  globalTimeouts: TimeoutsConfig | undefined;
  /** Fetches an http(s) image URL for providers that need the bytes (SSRF-checked, see upstream/fetch-image.ts). */
  fetchImage: ImageFetcher;
}

export interface ProviderDefinition {
  /** Catalog provider id whose models this type serves, if any. */
  catalogProvider: string | undefined;
  create(input: ProviderFactoryInput): ChatProvider;
}

const DEFAULT_AZURE_API_VERSION = '2024-10-21';

function compatible(type: CompatibleProviderType): ProviderDefinition {
  const service = COMPATIBLE_SERVICES[type];
  return {
    catalogProvider: service.catalogProvider,
    create({ id, config, catalogProvider, environment, globalTimeouts }) {
      const baseUrl = (config.base_url ?? defaultBaseUrl(type, catalogProvider))?.replace(/\/+$/, '');
      if (baseUrl === undefined || baseUrl.includes('{')) {
        throw new ConfigError(`providers.${id}.base_url: type ${type} needs a base_url (the URL that /chat/completions is appended to)`);
      }
      const keyVariable = catalogProvider?.api_key_env;
      const apiKey = config.api_key ?? (keyVariable === undefined ? undefined : environment[keyVariable]);
      const timeouts = resolveTimeouts(globalTimeouts, config.timeouts);
      const isAzureDeploymentsApi = type === 'azure' && !/\/v1$/.test(baseUrl);
      return new OpenAICompatibleProvider({
        id,
        type,
        service,
        baseUrl,
        apiKey,
        apiKeyHint: keyVariable === undefined ? `set providers.${id}.api_key` : `set providers.${id}.api_key or ${keyVariable}`,
        apiVersion: isAzureDeploymentsApi ? (config.api_version ?? DEFAULT_AZURE_API_VERSION) : config.api_version,
        headers: config.headers ?? {},
        timeouts,
        dispatcher: new Agent({
          connect: { timeout: timeouts.connectMs },
          connections: config.max_connections ?? 256,
          keepAliveTimeout: 10_000,
          keepAliveMaxTimeout: 60_000,
        }),
      });
    },
  };
}

function defaultBaseUrl(type: CompatibleProviderType, catalogProvider: CatalogProvider | undefined): string | undefined {
  return type === 'openai-compatible' ? undefined : catalogProvider?.base_url;
}

/** Every provider type and how to build it; a type without an entry fails to compile. */
export const PROVIDER_REGISTRY = {
  openai: compatible('openai'),
  azure: compatible('azure'),
  'openai-compatible': compatible('openai-compatible'),
  groq: compatible('groq'),
  together: compatible('together'),
  fireworks: compatible('fireworks'),
  deepseek: compatible('deepseek'),
  xai: compatible('xai'),
  openrouter: compatible('openrouter'),
  perplexity: compatible('perplexity'),
  mistral: compatible('mistral'),
  byteplus: compatible('byteplus'),
  ollama: compatible('ollama'),
  vllm: compatible('vllm'),
  lmstudio: compatible('lmstudio'),
  llamacpp: compatible('llamacpp'),
  anthropic: anthropicProviderDefinition,
  gemini: geminiProviderDefinition,
  vertex: vertexProviderDefinition,
  bedrock: bedrockProviderDefinition,
  cohere: cohereProviderDefinition,
} as const satisfies Record<ProviderType, ProviderDefinition>;
