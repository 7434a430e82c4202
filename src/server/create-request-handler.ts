import { timeOrderedId } from './time-ordered-id.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../build-runtime.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Logger } from '../telemetry/create-logger.js';
import type { GatewayMetrics } from '../telemetry/gateway-metrics.js';
import type { Tracing } from '../telemetry/tracing.js';
import { handleAnthropicCountTokens } from './anthropic/handle-anthropic-count-tokens.js';
import { handleAnthropicMessages } from './anthropic/handle-anthropic-messages.js';
import { sendAnthropicError } from './anthropic/send-anthropic-error.js';
import { handleAdmin } from './admin/handle-admin.js';
import { handleOpenApi } from './admin/handle-open-api.js';
import { handleMetrics } from './handle-metrics.js';
import type { Dashboard } from './dashboard/load-dashboard.js';
import { serveDashboard } from './dashboard/serve-dashboard.js';
import { handleChatCompletions } from './openai/handle-chat-completions.js';
import { handleEmbeddings } from './openai/handle-embeddings.js';
import { handleFeedback } from './openai/handle-feedback.js';
import { handleGetModel, handleListModels } from './openai/handle-models.js';
import { newObserved, OPEN, type RequestContext } from './request-context.js';
import { internalError, sendError, sendJson } from './send-json.js';

export interface RequestHandlerOptions {
  /** The runtime of the current config; read once per request, so a reload never changes a running request. */
  runtime: () => Runtime;
  logger: Logger;
  /** False while shutting down: /health/ready answers 503 so load balancers stop sending. */
  ready: () => boolean;
  /** Prometheus metrics (GET /metrics, requests in flight); undefined when metrics.enabled is false. */
  metrics?: GatewayMetrics | undefined;
  /** The built dashboard served at /ui/; undefined when this installation has none. */
  dashboard?: Dashboard | undefined;
  /** OpenTelemetry spans; undefined when tracing.enabled is false (then nothing of it runs). */
  tracing?: Tracing | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway's HTTP entry point, on plain node:http: the route table is a switch on the path,
 * which costs nothing next to a framework's router (see BENCHMARKS.md for why no framework).
 * Paths are served with and without the `/v1` prefix, since clients differ on base URLs.
 */
export function createRequestHandler(options: RequestHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const incomingId = request.headers['x-request-id'];
    const clientRequestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : undefined;
    const requestId = clientRequestId ?? timeOrderedId();
    const route = routeOf(request.url ?? '/');
    const context: RequestContext = {
      request,
      response,
      requestId,
      clientRequestId,
      startedAt: Date.now(),
      runtime: options.runtime(),
      logger: options.logger,
      headers: { 'x-request-id': requestId },
      principal: OPEN,
      observed: newObserved(),
      streamCost: undefined,
      span: options.tracing?.startRequest(request, response, requestId, route.path),
    };
    options.metrics?.trackInFlight(route.path, response);
    dispatch(context, options, route).catch((error: unknown) => {
      if (response.destroyed) {
        // The client went away; there is nobody to answer and nothing went wrong here.
        context.logger.debug({ requestId }, 'client disconnected before the answer');
        return;
      }
      const failure = internalError(error);
      context.span?.failed(failure);
      if (failure.code === 'GW_ERR_INTERNAL') context.logger.error({ requestId, err: error }, 'request failed unexpectedly');
      else if (failure.status >= 500) context.logger.warn({ requestId, code: failure.code, err: failure.message }, 'request failed');
      // Each wire format answers errors in its own envelope; only the Anthropic endpoint differs.
      const send = isAnthropicPath(route.path) ? sendAnthropicError : sendError;
      send(response, failure, context.headers);
    });
  };
}

interface Route {
  /** The path as sent, without the query. */
  fullPath: string;
  /** The path without its optional `/v1` prefix. */
  path: string;
}

function routeOf(url: string): Route {
  const queryAt = url.indexOf('?');
  const fullPath = queryAt === -1 ? url : url.slice(0, queryAt);
  return { fullPath, path: fullPath.startsWith('/v1/') ? fullPath.slice(3) : fullPath };
}

function isAnthropicPath(path: string): boolean {
  return path === '/messages' || path.startsWith('/messages/');
}

async function dispatch(context: RequestContext, options: RequestHandlerOptions, { fullPath, path }: Route): Promise<void> {
  const { request } = context;
  const method = request.method ?? 'GET';

  switch (path) {
    case '/health/live':
      return sendJson(context.response, 200, { status: 'ok' }, context.headers);
    case '/health/ready':
      return options.ready()
        ? sendJson(context.response, 200, { status: 'ready' }, context.headers)
        : sendJson(context.response, 503, { status: 'shutting down' }, context.headers);
    case '/chat/completions':
      requireMethod(method, 'POST', fullPath);
      await authenticate(context);
      return handleChatCompletions(context);
    case '/embeddings':
      requireMethod(method, 'POST', fullPath);
      await authenticate(context);
      return handleEmbeddings(context);
    case '/feedback':
      requireMethod(method, 'POST', fullPath);
      await authenticate(context);
      return handleFeedback(context);
    case '/messages':
      requireMethod(method, 'POST', fullPath);
      await authenticate(context);
      return handleAnthropicMessages(context);
    case '/messages/count_tokens':
      requireMethod(method, 'POST', fullPath);
      await authenticate(context);
      return handleAnthropicCountTokens(context);
    case '/models':
      requireMethod(method, 'GET', fullPath);
      await authenticate(context);
      return handleListModels(context);
  }
  if (fullPath === '/metrics') {
    requireMethod(method, 'GET', fullPath);
    return handleMetrics(context, options.metrics);
  }
  if (fullPath === '/openapi.json') {
    requireMethod(method, 'GET', fullPath);
    return handleOpenApi(context);
  }
  if (fullPath.startsWith('/admin/')) return handleAdmin(context, fullPath, context.runtime.gateway.admin);
  if (fullPath === '/ui' || fullPath.startsWith('/ui/')) return serveDashboard(context, options.dashboard, fullPath);
  if (path.startsWith('/models/')) {
    requireMethod(method, 'GET', fullPath);
    await authenticate(context);
    return handleGetModel(context, decodeURIComponent(path.slice('/models/'.length)));
  }
  request.resume();
  throw new GatewayError(
    'GW_ERR_ROUTE_NOT_FOUND',
    `${method} ${fullPath} is not served by this gateway. It serves POST /v1/chat/completions, POST /v1/embeddings, POST /v1/feedback, POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models, GET /v1/models/{id}, GET /health/live, GET /health/ready, GET /metrics, the admin API under /admin/ and its description at GET /openapi.json, and the dashboard at GET /ui/.`,
  );
}

/** Who is asking (401 when the gateway wants a key it did not get); every answer from here on says what it cost. */
async function authenticate(context: RequestContext): Promise<void> {
  context.headers['x-skyroute-cost-usd'] = '0';
  context.principal = await context.runtime.gateway.governance.authenticate(context.request.headers);
}

function requireMethod(method: string, expected: string, path: string): void {
  if (method !== expected) {
    throw new GatewayError('GW_ERR_ROUTE_METHOD_NOT_ALLOWED', `${path} takes ${expected}, not ${method}.`);
  }
}
