import { timingSafeEqual } from 'node:crypto';
import { hashSecret } from '../governance/key-secret.js';
import { presentedKey } from '../governance/governance.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { GatewayMetrics } from '../telemetry/gateway-metrics.js';
import type { RequestContext } from './request-context.js';

/**
 * GET /metrics: Prometheus text (docs/observability.md). Once a master key is configured it takes that
 * key, as the admin API does (Prometheus sends it with `authorization: {credentials: ...}`), unless
 * `metrics.public` opens it; with no master key it is as open as the gateway. Off (404) when
 * `metrics.enabled` is false.
 */
export async function handleMetrics(context: RequestContext, metrics: GatewayMetrics | undefined): Promise<void> {
  const { request, response, runtime } = context;
  request.resume();
  if (metrics === undefined) {
    throw new GatewayError('GW_ERR_ROUTE_NOT_FOUND', 'GET /metrics is off on this gateway (metrics.enabled: false); set metrics.enabled: true and restart it to serve Prometheus metrics.');
  }
  if (runtime.masterKeyHash !== undefined && !runtime.config.metrics.public) requireMasterKey(context, runtime.masterKeyHash);
  const { contentType, text } = await metrics.scrape();
  response.writeHead(200, { ...context.headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

/** The master key, compared as a hash in constant time (authenticate-admin.ts says why). */
function requireMasterKey(context: RequestContext, masterKeyHash: string): void {
  const sent = presentedKey(context.request.headers);
  const howToOpen = 'or set metrics.public: true to serve /metrics to anyone who can reach the gateway';
  if (sent === undefined) {
    throw new GatewayError('GW_ERR_ADMIN_UNAUTHORIZED', `GET /metrics needs the master key: send "Authorization: Bearer <master key>" (in Prometheus: authorization: { credentials: <master key> }), ${howToOpen}.`);
  }
  const expected = Buffer.from(masterKeyHash, 'hex');
  const actual = Buffer.from(hashSecret(sent), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new GatewayError('GW_ERR_ADMIN_UNAUTHORIZED', `The key ending in "${sent.slice(-4)}" is not the master key, which GET /metrics needs (a virtual key does not open it), ${howToOpen}.`);
  }
}
