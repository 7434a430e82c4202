import { admissionRequest } from '../governance/admission-request.js';
import type { Admission } from '../governance/governance.js';
import { modelAccess } from '../governance/model-access.js';
import type { Deployment } from '../routing/deployment.js';
import { RouteTrace } from '../routing/explain.js';
import type { ModelGroup } from '../routing/model-table.js';
import type { RouteCall, Routed } from '../routing/router.js';
import { readRoutingHints } from '../routing/routing-hints.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Usage } from '../spec/usage.js';
import type { RequestLogRow } from '../store/store-port.js';
import { formatCostUsd, requestCostNusd } from './request-cost.js';
import { internalError } from './send-json.js';
import { resolveModelGroup } from './openai/resolve-model-group.js';
import type { RequestContext } from './request-context.js';
import { setRouteHeaders, wantsTrace } from './route-headers.js';
import { timeOrderedId } from './time-ordered-id.js';
import { withDeadline } from './with-deadline.js';

export interface RouteAndRespond<T> {
  endpoint: RequestLogRow['endpoint'];
  model: string;
  /** The body's `skyroute` field where the wire has one. */
  bodyHints: unknown;
  stream: boolean;
  /** Input tokens as counted locally: asked only when a limit or budget of the caller needs it. */
  promptTokens: () => number;
  /** max_tokens as the client asked (undefined: not given). */
  maxOutputTokens: number | undefined;
  route: (group: ModelGroup, call: RouteCall) => Promise<Routed<T>>;
  /** The usage of a complete answer; undefined for a stream (its usage arrives as a part). */
  usageOf: (answer: T) => Usage | undefined;
  respond: (answer: T, trace: RouteTrace) => Promise<void> | void;
  /** The request body as the client sent it, for the request log when body logging is on. */
  body: unknown;
}

/**
 * Routes a request for any endpoint and ingress: resolves the model's group; checks the caller's
 * model access, limits and budgets (holding what the request may use); reads the routing hints; routes
 * within the request's deadline; sets the route and cost headers (a stream's cost is a trailer); hands
 * the answer to `respond`, which encodes it in the client's wire format; then settles the caller's
 * holds with what was used and queues the request-log row (which also carries the spend).
 */
export async function routeAndRespond<T>(context: RequestContext, options: RouteAndRespond<T>): Promise<void> {
  const { runtime } = context;
  const gateway = runtime.gateway;
  const trace = new RouteTrace(options.model, Date.now, wantsTrace(context));
  let served: Deployment | undefined;
  let usage: Usage | undefined;
  let failure: GatewayError | undefined;
  let admission: Admission | undefined;
  let answered: T | undefined;
  try {
    const group = resolveModelGroup(runtime, options.model);
    const allows = modelAccess(context.principal, group, () => runtime.models.list());
    const hints = readRoutingHints(context.request.headers, options.bodyHints, runtime.config.routing.allow_request_strategy);
    admission = await gateway.governance.admit(
      context.principal,
      admissionRequest(context.principal, {
        requestId: context.requestId,
        deployments: group.deployments,
        promptTokens: options.promptTokens,
        maxOutputTokens: options.maxOutputTokens,
        defaultMaxOutputTokens: runtime.config.governance.default_max_output_tokens,
        leaseMs: runtime.timeouts.totalMs > 0 ? runtime.timeouts.totalMs + 60_000 : 3_600_000,
      }),
    );
    const principal = context.principal;
    await withDeadline(context, async (cancellation, deadlineAt) => {
      try {
        const routed = await options.route(group, {
          requestId: context.requestId,
          cancellation,
          deadlineAt,
          headers: context.request.headers,
          hints,
          trace,
          allows,
          span: context.span,
          ...(principal.kind === 'virtual' ? { keyName: principal.key.name, team: principal.team?.name } : {}),
        });
        served = routed.deployment;
        answered = routed.value;
        usage = options.usageOf(routed.value);
        setRouteHeaders(context, trace, served);
        // A stream's cost is known at its end: pumpParts sends it as a trailer. (Data, not a closure: a
        // closure here kept this whole scope reachable from the context, and every request's garbage was promoted.)
        if (usage !== undefined) {
          context.observed.costNusd = requestCostNusd(usage, served);
          context.headers['x-skyroute-cost-usd'] = formatCostUsd(context.observed.costNusd);
        }
        else context.streamCost = served;
        await options.respond(routed.value, trace);
      } finally {
        if (served === undefined) setRouteHeaders(context, trace, undefined);
      }
    });
  } catch (error) {
    failure = internalError(error);
    throw error;
  } finally {
    usage ??= context.observed.usage;
    // Priced once: the header (or a stream's trailer) already did, unless the request ended before it.
    // An llm classifier's call made for this request is charged with it (the header is the answer's own cost).
    const costNusd = (context.observed.costNusd ?? (served === undefined ? 0 : requestCostNusd(usage, served))) + trace.classifierCostNusd();
    admission?.settle({ tokens: usage === undefined ? 0 : usage.inputTokens + usage.outputTokens, costNusd });
    const row = requestRow(context, options, trace, served, usage, costNusd, failure ?? context.observed.streamError, answered);
    // Feedback on this request that reaches this replica counts for the bandit at once.
    context.runtime.bandit?.noteServed(row);
    gateway.recordRequest(row);
    context.span?.settled(row);
  }
}

/** The client closed the connection before the answer was complete (logged as 499, as nginx does). */
function clientLeft(context: RequestContext): boolean {
  return context.response.destroyed && !context.response.writableFinished;
}

function requestRow<T>(
  context: RequestContext,
  options: RouteAndRespond<T>,
  trace: RouteTrace,
  served: Deployment | undefined,
  usage: Usage | undefined,
  costNusd: number,
  failure: GatewayError | undefined,
  answer: T | undefined,
): RequestLogRow {
  const { principal, observed } = context;
  const now = Date.now();
  // setRouteHeaders formatted it already (on failure too).
  const reason = context.headers['x-skyroute-route-reason'];
  const bodies = context.runtime.gateway.bodies;
  const row: RequestLogRow = {
    // A client may send one x-request-id twice: the row's id is the gateway's own, unique per request.
    id: context.clientRequestId === undefined ? context.requestId : timeOrderedId(context.startedAt),
    at: context.startedAt,
    endpoint: options.endpoint,
    model: options.model,
    attempts: trace.sentAttempts(),
    stream: options.stream,
    status: failure === undefined || context.observed.streamError === failure ? 200 : clientLeft(context) ? 499 : failure.status,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.cachedInputTokens ?? 0,
    cacheWriteInputTokens: usage?.cacheWriteInputTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    costNusd,
    latencyMs: now - context.startedAt,
  };
  // As plain data, now: the row waits for its batch, and the trace's objects must die young with the request's.
  if (trace.tellsMore() || failure !== undefined) row.trace = trace.toJSON();
  if (context.clientRequestId !== undefined) row.clientRequestId = context.clientRequestId;
  if (principal.kind === 'virtual') {
    row.keyId = principal.key.id;
    if (principal.team !== undefined) row.teamId = principal.team.id;
  }
  if (served !== undefined) {
    row.deployment = served.id;
    row.provider = served.providerId;
  }
  if (reason !== undefined) row.routeReason = reason;
  const category = trace.category();
  if (category !== undefined) row.category = category;
  if (failure !== undefined) {
    row.errorCode = failure.code;
    row.errorMessage = clientLeft(context) ? 'the client disconnected before the answer was complete' : failure.message;
  }
  if (observed.firstOutputAt !== undefined) row.ttftMs = observed.firstOutputAt - context.startedAt;
  if (bodies !== undefined) {
    row.requestBody = bodies(JSON.stringify(options.body));
    if (answer !== undefined && options.usageOf(answer) !== undefined) row.responseBody = bodies(JSON.stringify(answer));
  }
  return row;
}
