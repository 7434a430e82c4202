import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { LeafStrategyConfig } from '../config/routing-config-schema.js';
import { GatewayError } from '../spec/gateway-error.js';
import { REQUEST_STRATEGY_PRESETS, requestStrategyPreset } from './strategies/request-strategy-preset.js';

/** What one request asks of the router, from the `x-skyroute-strategy` header and the body's `skyroute` field. */
export interface RoutingHints {
  strategy: LeafStrategyConfig | undefined;
  /** Deployments whose estimated cost for this request is higher are skipped. */
  maxCostUsd: number | undefined;
  /** Deployments whose estimated latency (time to first token + output at their token rate) is higher are skipped. */
  maxLatencyMs: number | undefined;
  /** Groups tried after the requested one, instead of its configured fallbacks. */
  fallbacks: string[] | undefined;
  /** Only deployments with this region label. */
  region: string | undefined;
}

export const NO_HINTS: RoutingHints = Object.freeze({ strategy: undefined, maxCostUsd: undefined, maxLatencyMs: undefined, fallbacks: undefined, region: undefined });

const BodyHintsSchema = z.strictObject({
  strategy: z.string().optional(),
  max_cost_usd: z.number().positive().optional(),
  max_latency_ms: z.number().positive().optional(),
  fallbacks: z.array(z.string().min(1)).max(10).optional(),
  region: z.string().min(1).optional(),
});

/**
 * Reads the hints; a hint that cannot be honoured is a 400 that says why (a typo in a hint must not
 * silently route somewhere the caller did not mean). The header wins over the body's strategy.
 */
export function readRoutingHints(headers: IncomingHttpHeaders, body: unknown, allowStrategy: boolean): RoutingHints {
  const header = headers['x-skyroute-strategy'];
  if (body === undefined && header === undefined) return NO_HINTS;
  const parsed = BodyHintsSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ['skyroute', ...issue.path.map(String)].join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; expected strategy, max_cost_usd, max_latency_ms, fallbacks, region` : issue.message;
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `${path}: ${message}`, { param: path });
  }
  const hints = parsed.data;
  const fromHeader = typeof header === 'string' && header.trim() !== '';
  const name = fromHeader ? header.trim().toLowerCase() : hints.strategy;
  let strategy: LeafStrategyConfig | undefined;
  if (name !== undefined && name !== '') {
    const source = fromHeader ? 'x-skyroute-strategy' : 'skyroute.strategy';
    if (!allowStrategy) {
      throw new GatewayError('GW_ERR_ROUTE_CONSTRAINTS', `${source}: this gateway does not let requests choose their strategy (routing.allow_request_strategy is false).`, { param: source });
    }
    strategy = requestStrategyPreset(name);
    if (strategy === undefined) {
      throw new GatewayError('GW_ERR_ROUTE_CONSTRAINTS', `${source}: unknown strategy ${JSON.stringify(name)}; use one of ${[...REQUEST_STRATEGY_PRESETS.keys()].join(', ')}.`, { param: source });
    }
  }
  return { strategy, maxCostUsd: hints.max_cost_usd, maxLatencyMs: hints.max_latency_ms, fallbacks: hints.fallbacks, region: hints.region };
}
