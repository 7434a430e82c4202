import type { Catalog } from '../catalog/catalog.js';
import { PROVIDER_TYPES, type ProviderType } from '../providers/provider-types.js';
import { parseConfig, type LoadedConfig } from './load-config.js';

/**
 * The config used when no file is given: one provider for every catalog provider whose key
 * variable is set (OPENAI_API_KEY → openai, ARK_API_KEY → byteplus, …), plus the usual
 * `<PROVIDER>_BASE_URL` override. Returns undefined when no key is set (then the CLI runs the demo).
 */
export function buildZeroConfig(environment: NodeJS.ProcessEnv, catalog: Catalog, baseDirectory: string): LoadedConfig | undefined {
  const providers: Record<string, Record<string, unknown>> = {};
  for (const [id, entry] of Object.entries(catalog.providers)) {
    if (!isProviderType(id) || entry.api_key_env === undefined) continue;
    const key = environment[entry.api_key_env];
    if (key === undefined || key === '') continue;
    const provider: Record<string, unknown> = { type: id, api_key: key };
    const baseUrl = environment[`${id.toUpperCase().replace(/-/g, '_')}_BASE_URL`];
    if (baseUrl !== undefined && baseUrl !== '') provider.base_url = baseUrl;
    providers[id] = provider;
  }
  Object.assign(providers, cloudProviders(environment));
  if (Object.keys(providers).length === 0) return undefined;
  const keys = environment.SKYROUTE_KEY === undefined || environment.SKYROUTE_KEY === '' ? [] : [environment.SKYROUTE_KEY];
  return parseConfig({ providers, auth: { keys } }, { baseDirectory, environment });
}

/**
 * Bedrock and Vertex have no single key variable: Bedrock is on when AWS credentials (or a Bedrock
 * API key) and a region are set, Vertex when GOOGLE_APPLICATION_CREDENTIALS names a service account.
 * The adapters read those variables themselves.
 */
function cloudProviders(environment: NodeJS.ProcessEnv): Record<string, Record<string, unknown>> {
  const set = (name: string): boolean => environment[name] !== undefined && environment[name] !== '';
  const providers: Record<string, Record<string, unknown>> = {};
  if ((set('AWS_ACCESS_KEY_ID') || set('AWS_BEARER_TOKEN_BEDROCK')) && (set('AWS_REGION') || set('AWS_DEFAULT_REGION'))) {
    providers.bedrock = { type: 'bedrock' };
    if (set('BEDROCK_BASE_URL')) providers.bedrock.base_url = environment.BEDROCK_BASE_URL;
  }
  if (set('GOOGLE_APPLICATION_CREDENTIALS')) {
    providers.vertex = { type: 'vertex' };
    if (set('VERTEX_BASE_URL')) providers.vertex.base_url = environment.VERTEX_BASE_URL;
  }
  return providers;
}

function isProviderType(id: string): id is ProviderType {
  return (PROVIDER_TYPES as readonly string[]).includes(id);
}
