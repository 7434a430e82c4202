import type { Deployment } from '../routing/deployment.js';
import { RouteTrace } from '../routing/explain.js';
import type { ModelGroup } from '../routing/model-table.js';
import type { RouteCall, Routed } from '../routing/router.js';
import { readRoutingHints } from '../routing/routing-hints.js';
import { resolveModelGroup } from './openai/resolve-model-group.js';
import type { RequestContext } from './request-context.js';
import { setRouteHeaders, wantsTrace } from './route-headers.js';
import { withDeadline } from './with-deadline.js';

/**
 * Routes a request for any endpoint and ingress: resolves the model's group, reads the routing hints
 * (`x-skyroute-strategy`, and the body's `skyroute` field where the wire has one), routes within the
 * request's deadline, sets the route headers (on failure too), and hands the answer to `respond`,
 * which encodes it in the client's wire format.
 */
export async function routeAndRespond<T>(
  context: RequestContext,
  model: string,
  bodyHints: unknown,
  route: (group: ModelGroup, call: RouteCall) => Promise<Routed<T>>,
  respond: (answer: T, trace: RouteTrace) => Promise<void> | void,
): Promise<void> {
  const { runtime } = context;
  const group = resolveModelGroup(runtime, model);
  const hints = readRoutingHints(context.request.headers, bodyHints, runtime.config.routing.allow_request_strategy);
  const trace = new RouteTrace(model, Date.now, wantsTrace(context));
  await withDeadline(context, async (cancellation, deadlineAt) => {
    let served: Deployment | undefined;
    try {
      const routed = await route(group, { requestId: context.requestId, cancellation, deadlineAt, headers: context.request.headers, hints, trace });
      served = routed.deployment;
      setRouteHeaders(context, trace, served);
      await respond(routed.value, trace);
    } finally {
      if (served === undefined) setRouteHeaders(context, trace, undefined);
    }
  });
}
