import type { IncomingMessage } from 'node:http';
import { hashKey, type Runtime } from '../build-runtime.js';
import { GatewayError } from '../spec/gateway-error.js';

/**
 * Checks the client's key against the configured ones (compared as SHA-256 hashes, so lookup time
 * says nothing about the key). Accepts `Authorization: Bearer <key>` and, for Anthropic SDKs,
 * `x-api-key`. An empty key list leaves the gateway open (and start-up says so loudly).
 */
export function authenticate(request: IncomingMessage, runtime: Runtime): void {
  if (runtime.keyHashes.size === 0) return;
  const header = request.headers.authorization;
  let key: string | undefined;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    key = match?.[1]?.trim();
  }
  key ??= typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined;
  if (key === undefined || key === '') {
    throw new GatewayError('GW_ERR_AUTH_MISSING_KEY', 'No API key: send "Authorization: Bearer <key>" with a key this gateway knows.');
  }
  if (!runtime.keyHashes.has(hashKey(key))) {
    throw new GatewayError('GW_ERR_AUTH_INVALID_KEY', `The API key ending in "${key.slice(-4)}" is not valid for this gateway.`);
  }
}
