import { ConfigError } from '../../config/config-error.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ProviderDefinition } from '../registry.js';
import { UpstreamClient } from '../shared/upstream-client.js';
import { geminiApiKeyCredentials } from './gemini-api-key-credentials.js';
import { mapGeminiError } from './gemini-error.js';
import { GeminiProvider, type GeminiCredentials } from './gemini-provider.js';
import { readVertexCredentials } from './read-vertex-credentials.js';
import { refuseForeignConfigFields } from './refuse-foreign-config-fields.js';
import { vertexBaseUrl } from './vertex-base-url.js';
import { VertexTokenSource } from './vertex-token-source.js';

const DEFAULT_LOCATION = 'us-central1';

/**
 * `type: vertex`, Gemini models on Vertex AI (same wire format as the Gemini API, other URL and
 * auth). Config: `project` (else the key's `project_id`, else GOOGLE_CLOUD_PROJECT), `region` (the
 * location; else GOOGLE_CLOUD_LOCATION, else us-central1; `global` and the multi-regions `us`/`eu`
 * have their own hosts), `credentials` (a service-account key file or its JSON, else
 * GOOGLE_APPLICATION_CREDENTIALS) traded for OAuth tokens. `api_key` instead selects Vertex AI
 * express mode (`x-goog-api-key`; without a project, the global `publishers/google` endpoint).
 * `base_url` replaces everything before `/models/{model}:…`; `{project}` and `{region}` in it are
 * filled in.
 */
export const vertexProviderDefinition: ProviderDefinition = {
  catalogProvider: 'vertex',
  create({ id, config, environment, globalTimeouts, fetchImage }) {
    const where = `providers.${id}`;
    refuseForeignConfigFields(id, 'vertex', config, ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'api_version']);
    if (config.api_key !== undefined && config.credentials !== undefined) {
      throw new ConfigError(`${where}: set api_key (Vertex AI express mode) or credentials (a service account), not both`);
    }
    const apiKey = config.api_key;
    const credentials = apiKey === undefined ? readVertexCredentials(where, config.credentials, environment) : undefined;
    if (apiKey === undefined && credentials === undefined) {
      throw new ConfigError(
        `${where}: type vertex needs credentials: set credentials (the path of a service-account JSON key, or the JSON itself), the GOOGLE_APPLICATION_CREDENTIALS variable, or api_key for Vertex AI express mode`,
      );
    }
    const location = config.region ?? environment.GOOGLE_CLOUD_LOCATION ?? DEFAULT_LOCATION;
    if (!/^[a-z0-9-]+$/.test(location)) throw new ConfigError(`${where}.region: ${JSON.stringify(location)} is not a Vertex AI location (e.g. us-central1, europe-west4, global)`);
    const project = config.project ?? credentials?.projectId ?? environment.GOOGLE_CLOUD_PROJECT;
    let baseUrl: string;
    if (config.base_url !== undefined) {
      baseUrl = config.base_url.replace(/\{(region|location)\}/g, location).replace(/\{project\}/g, project ?? '{project}').replace(/\/+$/, '');
      if (baseUrl.includes('{')) throw new ConfigError(`${where}.base_url: set project (or replace the placeholders in ${baseUrl})`);
    } else {
      if (project === undefined && apiKey === undefined) {
        throw new ConfigError(`${where}: type vertex needs a project: set project, use a key file with project_id, or set GOOGLE_CLOUD_PROJECT`);
      }
      baseUrl = vertexBaseUrl(project, location);
    }
    const timeouts = resolveTimeouts(globalTimeouts, config.timeouts);
    const client = new UpstreamClient({
      provider: id,
      baseUrl,
      timeouts,
      maxConnections: config.max_connections,
      mapError: (status, body, headers) => mapGeminiError(id, status, body, headers),
    });
    let auth: GeminiCredentials;
    if (credentials === undefined) {
      auth = geminiApiKeyCredentials(id, apiKey, `set ${where}.api_key`);
    } else {
      const tokens = new VertexTokenSource({ provider: id, credentials, dispatcher: client.dispatcher, timeouts });
      auth = {
        headers: async () => ({ authorization: `Bearer ${await tokens.accessToken()}` }),
        invalidate: () => tokens.invalidate(),
      };
    }
    return new GeminiProvider({ id, type: 'vertex', client, credentials: auth, headers: config.headers ?? {}, fetchImage });
  },
};
