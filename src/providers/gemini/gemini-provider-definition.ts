import { ConfigError } from '../../config/config-error.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ProviderDefinition } from '../registry.js';
import { UpstreamClient } from '../shared/upstream-client.js';
import { geminiApiKeyCredentials } from './gemini-api-key-credentials.js';
import { mapGeminiError } from './gemini-error.js';
import { GeminiProvider } from './gemini-provider.js';
import { refuseForeignConfigFields } from './refuse-foreign-config-fields.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/**
 * `type: gemini`, the Gemini API (https://ai.google.dev/api). `base_url` is what
 * `/models/{model}:generateContent` is appended to (default: the catalog's, else Google's v1beta
 * URL). The key: `api_key`, else the catalog's variable (GEMINI_API_KEY), else GOOGLE_API_KEY, the
 * two variables Google's SDKs read.
 */
export const geminiProviderDefinition: ProviderDefinition = {
  catalogProvider: 'gemini',
  create({ id, config, catalogProvider, environment, globalTimeouts, fetchImage }) {
    refuseForeignConfigFields(id, 'gemini', config, ['region', 'project', 'credentials', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'api_version']);
    const baseUrl = (config.base_url ?? catalogProvider?.base_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    if (baseUrl.includes('{')) throw new ConfigError(`providers.${id}.base_url: replace the placeholders in ${baseUrl}`);
    const keyVariable = catalogProvider?.api_key_env ?? 'GEMINI_API_KEY';
    const apiKey = config.api_key ?? environment[keyVariable] ?? environment.GOOGLE_API_KEY;
    const timeouts = resolveTimeouts(globalTimeouts, config.timeouts);
    const client = new UpstreamClient({
      provider: id,
      baseUrl,
      timeouts,
      maxConnections: config.max_connections,
      mapError: (status, body, headers) => mapGeminiError(id, status, body, headers),
    });
    return new GeminiProvider({
      id,
      type: 'gemini',
      client,
      credentials: geminiApiKeyCredentials(id, apiKey, `set providers.${id}.api_key, ${keyVariable} or GOOGLE_API_KEY`),
      headers: config.headers ?? {},
      fetchImage,
    });
  },
};
