import type { ChatResponse } from '../providers/provider.js';
import type { Deployment } from '../routing/deployment.js';
import { RouteTrace } from '../routing/explain.js';
import { readRoutingHints } from '../routing/routing-hints.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { resolveModelGroup } from './openai/resolve-model-group.js';
import type { RequestContext } from './request-context.js';
import { setRouteHeaders, wantsTrace } from './route-headers.js';
import { withDeadline } from './with-deadline.js';

/**
 * Routes a canonical chat request for either ingress: resolves the group, reads the routing hints
 * (`x-skyroute-strategy`, and the body's `skyroute` field where the wire has one), routes within the
 * request's deadline, sets the route headers (on failure too), and hands the answer to `respond`,
 * which encodes it in the client's wire format.
 */
export async function routeChatRequest(
  context: RequestContext,
  chat: ChatRequest,
  bodyHints: unknown,
  respond: (answer: ChatResponse, trace: RouteTrace) => Promise<void>,
): Promise<void> {
  const { runtime } = context;
  const group = resolveModelGroup(runtime, chat.model);
  const hints = readRoutingHints(context.request.headers, bodyHints, runtime.config.routing.allow_request_strategy);
  const trace = new RouteTrace(chat.model, Date.now, wantsTrace(context));
  await withDeadline(context, async (cancellation, deadlineAt) => {
    let served: Deployment | undefined;
    try {
      const routed = await runtime.router.routeChat(group, chat, { requestId: context.requestId, cancellation, deadlineAt, headers: context.request.headers, hints, trace });
      served = routed.deployment;
      setRouteHeaders(context, trace, served);
      await respond(routed.value, trace);
    } finally {
      if (served === undefined) setRouteHeaders(context, trace, undefined);
    }
  });
}
