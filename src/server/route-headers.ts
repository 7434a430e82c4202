import type { RouteTrace } from '../routing/explain.js';
import type { Deployment } from '../routing/deployment.js';
import type { RequestContext } from './request-context.js';
import { formatCostUsd } from './request-cost.js';

/**
 * The headers that say how a request was routed, on success and on failure alike: the deployment
 * that served it, how many attempts reached a provider, one line on why (the strategy's reason
 * for the winner, failed attempts, fallbacks, filtered deployments), and what an llm classifier's
 * call for it cost (`x-skyroute-classifier-cost-usd`, 0 on a cache hit).
 */
export function setRouteHeaders(context: RequestContext, trace: RouteTrace, deployment: Deployment | undefined): void {
  const { headers } = context;
  if (deployment !== undefined) {
    headers['x-skyroute-provider'] = deployment.providerId;
    headers['x-skyroute-model'] = deployment.model;
  }
  headers['x-skyroute-attempts'] = String(trace.sentAttempts());
  const reason = trace.reason(deployment?.id);
  if (reason !== '') headers['x-skyroute-route-reason'] = reason;
  // An llm classifier's call made for this request: charged with it, beside the answer's own x-skyroute-cost-usd.
  if (trace.classifications.length > 0) headers['x-skyroute-classifier-cost-usd'] = formatCostUsd(trace.classifierCostNusd());
}

/** `x-skyroute-debug: 1` (or `true`) asks for the decision trace in a non-streaming response's body. */
export function wantsTrace(context: RequestContext): boolean {
  const value = context.request.headers['x-skyroute-debug'];
  return value === '1' || value === 'true';
}

/** Adds `"skyroute": {"trace": …}` to a JSON object's text without parsing it again (an upstream body passed through verbatim). */
export function withTraceText(json: string, trace: RouteTrace): string {
  const end = json.lastIndexOf('}');
  if (end < 0) return json;
  const head = json.slice(0, end).trimEnd();
  const separator = head.endsWith('{') ? '' : ',';
  return `${head}${separator}"skyroute":${JSON.stringify({ trace })}}`;
}
