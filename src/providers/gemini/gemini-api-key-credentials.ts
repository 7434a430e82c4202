import { GatewayError } from '../../spec/gateway-error.js';
import type { GeminiCredentials } from './gemini-provider.js';

/**
 * An API key sent as `x-goog-api-key` (the Gemini API, and Vertex AI express mode), the header
 * Google's own SDK uses (googleapis/js-genai `src/node/_node_auth.ts`) rather than `?key=`, so the
 * key stays out of URLs and logs. A missing key fails the request (502, naming where to set it),
 * not the config, so a config can name providers whose keys arrive later.
 */
export function geminiApiKeyCredentials(provider: string, apiKey: string | undefined, hint: string): GeminiCredentials {
  const headers = apiKey === undefined || apiKey === '' ? undefined : { 'x-goog-api-key': apiKey };
  return {
    headers: () => {
      if (headers === undefined) return Promise.reject(new GatewayError('GW_ERR_UPSTREAM_AUTH', `${provider} has no API key configured (${hint})`, { provider }));
      return Promise.resolve(headers);
    },
    invalidate: () => {},
  };
}
