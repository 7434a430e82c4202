import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { GatewayError } from '../../spec/gateway-error.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { ADMIN_ROUTES } from './admin-routes.js';
import type { AdminServices } from '../../governance/admin-services.js';
import { authenticateAdmin } from './authenticate-admin.js';
import { guardStore } from './guard-store.js';
import { matchAdminRoute } from './match-admin-route.js';
import { parseAdminInput } from './parse-admin-input.js';

/** Admin bodies are small JSON objects; the gateway's body limit is sized for prompts and images. */
const ADMIN_BODY_LIMIT_BYTES = 1024 * 1024;
const NO_QUERY = z.strictObject({});

/**
 * Serves one /admin/* request (path without query, starting with /admin/). Throws GatewayError for
 * every failure; the caller answers it in the usual error envelope. Only the deployment and what-if
 * routes read the request's runtime (the current config's); the others work the same whatever config
 * version is current.
 */
export async function handleAdmin(context: RequestContext, path: string, admin: AdminServices): Promise<void> {
  const { request } = context;
  try {
    authenticateAdmin(request, admin.masterKeyHash);
    const { route, params } = matchAdminRoute(ADMIN_ROUTES, request.method ?? 'GET', path);
    const query = parseAdminInput(route.query ?? NO_QUERY, queryOf(request.url ?? ''), 'query');
    let body: unknown;
    if (route.body === undefined) request.resume();
    else body = parseAdminInput(route.body, await readAdminBody(request), 'body');
    const result = await route.handle({ params, query, body, admin: { ...admin, store: guardStore(admin.store, route.writes) }, now: admin.now(), runtime: context.runtime });
    // Changes are logged (what and where, never a secret): the audit trail of who-did-what starts here.
    if (route.writes) context.logger.info({ requestId: context.requestId, operation: route.operationId, path }, 'admin change');
    sendJson(context.response, route.response.status, result, context.headers);
  } catch (error) {
    request.resume(); // whatever part of the body is unread, so the connection can serve the next request
    throw error;
  }
}

function queryOf(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const query: Record<string, string> = {};
  if (at === -1) return query;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) {
    // An empty value is no filter (forms send every field, filled or not).
    if (value === '') continue;
    if (Object.hasOwn(query, name)) {
      throw new GatewayError('GW_ERR_ADMIN_INVALID', `Invalid query string: ${name}: give it once (parameters that take several values, such as group_by or the filters of /admin/stats, take them separated by commas).`, {
        param: name,
      });
    }
    query[name] = value;
  }
  return query;
}

/** A body-less request (rotate with the default grace) reads as {}; the schema then says what is required. */
async function readAdminBody(request: IncomingMessage): Promise<unknown> {
  const length = request.headers['content-length'];
  if (length === '0' || (length === undefined && request.headers['transfer-encoding'] === undefined)) return {};
  try {
    return await readJsonBody(request, ADMIN_BODY_LIMIT_BYTES);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    if (error.code === 'GW_ERR_REQUEST_TOO_LARGE') {
      throw new GatewayError('GW_ERR_REQUEST_TOO_LARGE', 'The admin request body is larger than 1 MiB; admin bodies are small JSON objects, so check what is being sent.');
    }
    // readJsonBody's example body is a chat request's; point at the admin API's own description instead.
    const reason = error.code === 'GW_ERR_REQUEST_INVALID_JSON' ? /^(The request body is not valid JSON [^]*?)\. Send /.exec(error.message)?.[1] : undefined;
    if (reason !== undefined) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID_JSON', `${reason}. Send a JSON object; GET /openapi.json describes the body of each admin endpoint.`);
    }
    throw error;
  }
}
