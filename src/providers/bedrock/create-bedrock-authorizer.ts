import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { GatewayError } from '../../spec/gateway-error.js';
import type { BedrockCredentials } from './resolve-bedrock-credentials.js';

/** What to send: the request path (as it goes on the wire), its headers and body. */
export interface BedrockHttpRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Adds the authentication headers to one request (SigV4 signs per request: the signature carries the time). */
export type BedrockAuthorizer = (request: BedrockHttpRequest) => Promise<Record<string, string>>;

/**
 * The authorizer for a provider's credentials, built once per provider:
 * - a Bedrock API key is `Authorization: Bearer <key>`;
 * - AWS credentials sign with SigV4 (service `bedrock`) through Smithy's SignatureV4. The request's
 *   `host` header is signed with the other headers, and the signer is handed the path exactly as it
 *   is sent (model ids percent-encoded); it encodes it once more for the canonical request, as AWS
 *   requires for every service but S3, so what is signed is what the server will check.
 * - no credentials: every request fails with GW_ERR_UPSTREAM_AUTH saying what to set.
 */
export function createBedrockAuthorizer(options: {
  provider: string;
  region: string;
  /** `host[:port]` of the base URL. */
  host: string;
  credentials: BedrockCredentials;
  /** The signing clock (tests pass a fixed one). */
  now?: () => Date;
}): BedrockAuthorizer {
  const { credentials, provider } = options;
  if (credentials.kind === 'none') {
    return async () => {
      throw new GatewayError('GW_ERR_UPSTREAM_AUTH', `${provider} has no AWS credentials: ${credentials.hint}`, { provider });
    };
  }
  if (credentials.kind === 'api-key') {
    const authorization = `Bearer ${credentials.apiKey}`;
    return async (request) => ({ ...request.headers, authorization });
  }
  const signer = new SignatureV4({
    service: 'bedrock',
    region: options.region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    sha256: Sha256,
  });
  const now = options.now ?? (() => new Date());
  return async (request) => {
    // The payload hash is taken with Node's native SHA-256 (bodies carry base64 images of several
    // MB); the signer uses this header as the payload hash and signs it like the others.
    const payloadHash = createHash('sha256').update(request.body).digest('hex');
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: options.host,
        path: request.path,
        query: {},
        headers: { ...request.headers, host: options.host, 'x-amz-content-sha256': payloadHash },
        body: request.body,
      },
      { signingDate: now() },
    );
    return signed.headers as Record<string, string>;
  };
}
