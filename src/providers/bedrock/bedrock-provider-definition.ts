import { ConfigError } from '../../config/config-error.js';
import { resolveTimeouts } from '../../upstream/upstream-timeouts.js';
import type { ProviderDefinition } from '../registry.js';
import { BedrockProvider } from './bedrock-provider.js';
import { resolveBedrockCredentials } from './resolve-bedrock-credentials.js';

const DEFAULT_BASE_URL = 'https://bedrock-runtime.{region}.amazonaws.com';

/**
 * `type: bedrock`. The region comes from `region`, else AWS_REGION / AWS_DEFAULT_REGION, and is
 * required (it is in the endpoint and in every SigV4 signature). `base_url` defaults to the regional
 * runtime endpoint (`{region}` in it is filled in). Credentials: see resolveBedrockCredentials.
 */
export const bedrockProviderDefinition: ProviderDefinition = {
  catalogProvider: 'bedrock',
  create({ id, config, catalogProvider, environment, globalTimeouts, fetchImage }) {
    const region = config.region ?? nonEmpty(environment.AWS_REGION) ?? nonEmpty(environment.AWS_DEFAULT_REGION);
    if (region === undefined || region === '') {
      throw new ConfigError(`providers.${id}: Bedrock needs an AWS region; set providers.${id}.region or the AWS_REGION environment variable`);
    }
    if (!/^[a-z0-9-]+$/.test(region)) throw new ConfigError(`providers.${id}.region: ${JSON.stringify(region)} is not an AWS region name`);
    const baseUrl = (config.base_url ?? catalogProvider?.base_url ?? DEFAULT_BASE_URL).replaceAll('{region}', region).replace(/\/+$/, '');
    if (baseUrl.includes('{')) throw new ConfigError(`providers.${id}.base_url: ${baseUrl} still has a placeholder`);
    return new BedrockProvider({
      id,
      region,
      baseUrl,
      credentials: resolveBedrockCredentials(id, config, environment),
      headers: config.headers ?? {},
      timeouts: resolveTimeouts(globalTimeouts, config.timeouts),
      maxConnections: config.max_connections,
      fetchImage,
    });
  },
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
