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
  if (Object.keys(providers).length === 0) return undefined;
  const keys = environment.SKYROUTE_KEY === undefined || environment.SKYROUTE_KEY === '' ? [] : [environment.SKYROUTE_KEY];
  return parseConfig({ providers, auth: { keys } }, { baseDirectory, environment });
}

function isProviderType(id: string): id is ProviderType {
  return (PROVIDER_TYPES as readonly string[]).includes(id);
}
