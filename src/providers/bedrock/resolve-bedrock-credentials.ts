import type { ProviderConfig } from '../../config/config-schema.js';
import { ConfigError } from '../../config/config-error.js';

export type BedrockCredentials =
  | { kind: 'sigv4'; accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined }
  | { kind: 'api-key'; apiKey: string }
  /** Nothing set: requests fail with GW_ERR_UPSTREAM_AUTH quoting `hint`. */
  | { kind: 'none'; hint: string };

/**
 * Where a Bedrock provider's credentials come from, first match wins:
 * 1. `api_key` in config: a Bedrock API key, sent as `Authorization: Bearer` (no SigV4);
 * 2. `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`) in config;
 * 3. AWS_BEARER_TOKEN_BEDROCK: the variable AWS SDKs read a Bedrock API key from (AWS Bedrock user
 *    guide, "Use an Amazon Bedrock API key"); like the SDKs, it wins over access keys in the environment;
 * 4. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN).
 * Half-given config credentials are a config error; none at all is not (the error comes per request,
 * naming what to set), so a config can name Bedrock before its credentials exist.
 */
export function resolveBedrockCredentials(id: string, config: ProviderConfig, environment: NodeJS.ProcessEnv): BedrockCredentials {
  const keyId = nonEmpty(config.aws_access_key_id);
  const secret = nonEmpty(config.aws_secret_access_key);
  const apiKey = nonEmpty(config.api_key);
  if (apiKey !== undefined && (keyId !== undefined || secret !== undefined)) {
    throw new ConfigError(`providers.${id}: set either api_key (a Bedrock API key) or aws_access_key_id/aws_secret_access_key, not both`);
  }
  if (apiKey !== undefined) return { kind: 'api-key', apiKey };
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new ConfigError(`providers.${id}: aws_access_key_id and aws_secret_access_key must be set together`);
  }
  if (keyId !== undefined && secret !== undefined) {
    return { kind: 'sigv4', accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(config.aws_session_token) };
  }
  if (nonEmpty(config.aws_session_token) !== undefined) {
    throw new ConfigError(`providers.${id}.aws_session_token needs aws_access_key_id and aws_secret_access_key`);
  }
  const bearer = nonEmpty(environment.AWS_BEARER_TOKEN_BEDROCK);
  if (bearer !== undefined) return { kind: 'api-key', apiKey: bearer };
  const environmentKeyId = nonEmpty(environment.AWS_ACCESS_KEY_ID);
  const environmentSecret = nonEmpty(environment.AWS_SECRET_ACCESS_KEY);
  if (environmentKeyId !== undefined && environmentSecret !== undefined) {
    return { kind: 'sigv4', accessKeyId: environmentKeyId, secretAccessKey: environmentSecret, sessionToken: nonEmpty(environment.AWS_SESSION_TOKEN) };
  }
  return {
    kind: 'none',
    hint:
      `set providers.${id}.aws_access_key_id and aws_secret_access_key (or api_key for a Bedrock API key), ` +
      'or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK) environment variables',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
