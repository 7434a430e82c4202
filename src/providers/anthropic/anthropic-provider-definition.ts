import { ConfigError } from '../../config/config-error.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ProviderDefinition } from '../registry.js';
import { AnthropicProvider } from './anthropic-provider.js';

/** Used when neither the config nor the catalog names a base URL. */
const DEFAULT_BASE_URL = 'https://api.anthropic.com/v1';

/**
 * The `anthropic-version` sent when the config sets none: the version every Messages API feature
 * this adapter maps was documented against. 2026-10-21 refuses temperature, top_p and top_k; with
 * it configured, the adapter refuses them too.
 */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Config fields of other provider types, which mean nothing to Anthropic (set by mistake, they would be silently ignored). */
const FOREIGN_FIELDS = ['region', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'project', 'credentials'] as const;

/**
 * `type: anthropic`: base URL (config, else the catalog's, else api.anthropic.com/v1), key (config
 * `api_key`, else the catalog's variable, ANTHROPIC_API_KEY), `api_version` → `anthropic-version`,
 * `headers` sent as given (betas: `anthropic-beta`). A missing key fails each call with a 502 that
 * says where to set it, rather than the whole config.
 */
export const anthropicProviderDefinition: ProviderDefinition = {
  catalogProvider: 'anthropic',
  create({ id, config, catalogProvider, environment, globalTimeouts }) {
    for (const field of FOREIGN_FIELDS) {
      if (config[field] !== undefined) throw new ConfigError(`providers.${id}.${field} is not used by type anthropic; remove it`);
    }
    const baseUrl = (config.base_url ?? catalogProvider?.base_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    if (baseUrl.includes('{')) throw new ConfigError(`providers.${id}.base_url: replace the placeholders in ${baseUrl}`);
    const keyVariable = catalogProvider?.api_key_env ?? 'ANTHROPIC_API_KEY';
    return new AnthropicProvider({
      id,
      baseUrl,
      apiKey: config.api_key ?? environment[keyVariable],
      apiKeyHint: `set providers.${id}.api_key or ${keyVariable}`,
      apiVersion: config.api_version ?? DEFAULT_ANTHROPIC_VERSION,
      headers: config.headers ?? {},
      timeouts: resolveTimeouts(globalTimeouts, config.timeouts),
      maxConnections: config.max_connections,
    });
  },
};
