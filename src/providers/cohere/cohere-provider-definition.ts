import { ConfigError } from '../../config/config-error.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ProviderDefinition } from '../registry.js';
import { CohereProvider } from './cohere-provider.js';

const DEFAULT_BASE_URL = 'https://api.cohere.com/v2';

/** Config fields of other provider types; set on a Cohere provider they would be silently ignored. */
const FOREIGN_FIELDS = ['api_version', 'region', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'project', 'credentials'] as const;

/**
 * `type: cohere`. `base_url` is the URL `/chat` and `/embed` are appended to (the catalog's
 * `https://api.cohere.com/v2` by default); the key is `api_key`, else the catalog's variable
 * (COHERE_API_KEY).
 */
export const cohereProviderDefinition: ProviderDefinition = {
  catalogProvider: 'cohere',
  create({ id, config, catalogProvider, environment, globalTimeouts }) {
    for (const field of FOREIGN_FIELDS) {
      if (config[field] !== undefined) throw new ConfigError(`providers.${id}.${field}: not used by type cohere; remove it`);
    }
    const baseUrl = (config.base_url ?? catalogProvider?.base_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const keyVariable = catalogProvider?.api_key_env ?? 'COHERE_API_KEY';
    const apiKey = config.api_key ?? environment[keyVariable];
    if (apiKey === undefined || apiKey === '') {
      throw new ConfigError(`providers.${id}: type cohere needs an API key: set providers.${id}.api_key or the ${keyVariable} environment variable`);
    }
    return new CohereProvider({
      id,
      baseUrl,
      apiKey,
      headers: config.headers ?? {},
      timeouts: resolveTimeouts(globalTimeouts, config.timeouts),
      maxConnections: config.max_connections,
    });
  },
};
