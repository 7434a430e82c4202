import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/config-error.js';

/** Google's OAuth 2.0 token endpoint, the default for keys that name none. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

export type VertexCredentials =
  | { type: 'service_account'; clientEmail: string; privateKey: KeyObject; privateKeyId: string | undefined; tokenUri: string; projectId: string | undefined }
  | { type: 'authorized_user'; clientId: string; clientSecret: string; refreshToken: string; tokenUri: string; projectId: string | undefined };

/**
 * The Google credentials a Vertex provider authenticates with: `credentials` from the config (a
 * path to a JSON key file, or the JSON itself), else the file GOOGLE_APPLICATION_CREDENTIALS names.
 * Two kinds are read: a service-account key (`type: service_account`, the usual server credential)
 * and the `authorized_user` file `gcloud auth application-default login` writes. The private key is
 * parsed here, at start-up, so a broken key is a config error rather than a failed request.
 * Returns undefined when neither is set.
 */
export function readVertexCredentials(where: string, value: string | undefined, environment: NodeJS.ProcessEnv): VertexCredentials | undefined {
  const source = value ?? environment.GOOGLE_APPLICATION_CREDENTIALS;
  if (source === undefined || source.trim() === '') return undefined;
  const origin = value !== undefined ? `${where}.credentials` : 'GOOGLE_APPLICATION_CREDENTIALS';
  let text = source;
  if (!source.trimStart().startsWith('{')) {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new ConfigError(`${origin}: cannot read the credentials file ${JSON.stringify(source)} (${(error as Error).message})`);
    }
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ConfigError(`${origin}: the credentials are not valid JSON (expected a Google service-account key)`);
  }
  const string = (key: string): string | undefined => (typeof json[key] === 'string' && json[key] !== '' ? (json[key] as string) : undefined);
  const tokenUri = string('token_uri') ?? GOOGLE_TOKEN_URI;
  if (json.type === 'service_account') {
    const clientEmail = string('client_email');
    const pem = string('private_key');
    if (clientEmail === undefined || pem === undefined) throw new ConfigError(`${origin}: a service-account key needs client_email and private_key`);
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem);
    } catch (error) {
      throw new ConfigError(`${origin}: private_key is not a usable PEM key (${(error as Error).message})`);
    }
    return { type: 'service_account', clientEmail, privateKey, privateKeyId: string('private_key_id'), tokenUri, projectId: string('project_id') };
  }
  if (json.type === 'authorized_user') {
    const clientId = string('client_id');
    const clientSecret = string('client_secret');
    const refreshToken = string('refresh_token');
    if (clientId === undefined || clientSecret === undefined || refreshToken === undefined) {
      throw new ConfigError(`${origin}: authorized_user credentials need client_id, client_secret and refresh_token`);
    }
    return { type: 'authorized_user', clientId, clientSecret, refreshToken, tokenUri, projectId: string('quota_project_id') };
  }
  throw new ConfigError(`${origin}: credentials of type ${JSON.stringify(json.type)} are not supported; use a service-account key (type "service_account") or gcloud's authorized_user file`);
}
