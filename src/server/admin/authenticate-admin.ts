import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hashSecret } from '../../governance/key-secret.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { presentedKey } from '../../governance/governance.js';

/**
 * The admin API takes the master key only (`Authorization: Bearer <key>`, or `x-api-key` as Anthropic
 * SDKs send it). It is compared as a SHA-256 hash, in constant time: the master key is a
 * human-chosen string of 16+ characters, not 256 random bits, so its comparison must not leak a prefix.
 */
export function authenticateAdmin(request: IncomingMessage, masterKeyHash: string | undefined): void {
  if (masterKeyHash === undefined) {
    throw new GatewayError(
      'GW_ERR_ADMIN_DISABLED',
      'The admin API is off because no master key is configured: set auth.master_key or SKYROUTE_MASTER_KEY (16 characters or more) and restart the gateway; then send it as "Authorization: Bearer <master key>".',
    );
  }
  const sent = presentedKey(request.headers);
  if (sent === undefined) {
    throw new GatewayError('GW_ERR_ADMIN_UNAUTHORIZED', 'No master key: send "Authorization: Bearer <master key>" (the value of auth.master_key or SKYROUTE_MASTER_KEY).');
  }
  const expected = Buffer.from(masterKeyHash, 'hex');
  const actual = Buffer.from(hashSecret(sent), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new GatewayError(
      'GW_ERR_ADMIN_UNAUTHORIZED',
      `The key ending in "${sent.slice(-4)}" is not the master key. The admin API takes only the master key (auth.master_key or SKYROUTE_MASTER_KEY), not a virtual key.`,
    );
  }
}
