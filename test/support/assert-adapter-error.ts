import assert from 'node:assert/strict';
import { GatewayError } from '../../src/spec/gateway-error.js';

/**
 * An adapter's failure (a rejected call or an `error` part) against a fixture's `expect.error`: a
 * GatewayError with the stated status, type and retryability, whose message names the provider and
 * includes `message_includes` (and not `message_excludes`); where stated, the upstream status, the
 * retry-after and the code. Gateway codes all start with GW_ERR_, so a `code` that does not is the
 * upstream's own code, the one passed on to OpenAI clients.
 */
export function assertAdapterError(error: unknown, expected: Record<string, any>, provider: string): void {
  assert.ok(error instanceof GatewayError, `a GatewayError, got ${String(error)}`);
  assert.equal(error.status, expected.status, `status of ${error.code}: ${error.message}`);
  assert.equal(error.type, expected.type, `type of ${error.code}`);
  assert.equal(error.retryable, expected.retryable, `retryable of ${error.code}`);
  assert.ok(error.message.includes(expected.message_includes), `"${error.message}" includes "${expected.message_includes}"`);
  assert.ok(error.message.startsWith(provider), `"${error.message}" names the provider ${provider}`);
  if (expected.message_excludes !== undefined) assert.ok(!error.message.includes(expected.message_excludes), `"${error.message}" leaves out "${expected.message_excludes}"`);
  // A failure reported inside a 200 response has no error status of its own.
  if (expected.upstream_status !== undefined && expected.upstream_status !== 200) assert.equal(error.upstreamStatus, expected.upstream_status, 'upstream status');
  if (expected.retry_after_seconds !== undefined) assert.equal(error.retryAfterSeconds, expected.retry_after_seconds, 'retry after');
  if (expected.code !== undefined) {
    if (String(expected.code).startsWith('GW_ERR_')) assert.equal(error.code, expected.code, 'gateway error code');
    else assert.equal(error.upstreamCode, expected.code, 'the code OpenAI clients test for');
  }
}
