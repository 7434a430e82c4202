import type { RouteTrace } from '../routing/explain.js';
import type { Deployment } from '../routing/deployment.js';
import type { RequestContext } from './request-context.js';

/**
 * The headers that say how a request was routed, on success and on failure alike: the deployment
 * that served it, how many attempts reached a provider, and one line on why (the strategy's reason
 * for the winner, failed attempts, fallbacks, filtered deployments).
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
