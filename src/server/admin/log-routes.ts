import { GatewayError } from '../../spec/gateway-error.js';
import type { RequestLogQuery } from '../../store/store-port.js';
import { LogsQuery } from './admin-input-schemas.js';
import { logDetailJson, logRowJson } from './admin-json.js';
import { LogDetailJson, LogListJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';
import { decodeLogCursor, encodeLogCursor } from './log-cursor.js';

/** /admin/logs: the request log, newest first, one page at a time. */
export const logRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/admin/logs',
    operationId: 'listLogs',
    tag: 'logs',
    summary: 'Query the request log, newest first',
    description: 'Rows come without trace and bodies (GET /admin/logs/{id} has them). Rows arrive in batches, so the newest requests show up after the log writer\'s flush interval.',
    query: LogsQuery,
    response: { status: 200, description: 'One page of rows.', schema: LogListJson },
    async handle({ query, admin }) {
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
        throw new GatewayError('GW_ERR_ADMIN_INVALID', 'from: the time is after `to`; give from ≤ to.', { param: 'from' });
      }
      const request: RequestLogQuery = { limit: query.limit + 1 };
      if (query.from !== undefined) request.from = query.from;
      if (query.to !== undefined) request.to = query.to;
      if (query.key_id !== undefined) request.keyId = query.key_id;
      if (query.team_id !== undefined) request.teamId = query.team_id;
      if (query.model !== undefined) request.model = query.model;
      if (query.deployment !== undefined) request.deployment = query.deployment;
      if (query.provider !== undefined) request.provider = query.provider;
      if (query.client_request_id !== undefined) request.clientRequestId = query.client_request_id;
      if (query.status !== undefined) request.status = query.status === 'ok' || query.status === 'error' ? query.status : Number(query.status);
      if (query.search !== undefined) request.search = query.search;
      if (query.before !== undefined) request.before = decodeLogCursor(query.before);
      const rows = await admin.store.queryRequestLogs(request);
      const page = rows.slice(0, query.limit);
      return { data: page.map(logRowJson), next_before: rows.length > query.limit ? encodeLogCursor(page[page.length - 1]!) : null };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/logs/{id}',
    operationId: 'getLog',
    tag: 'logs',
    summary: 'One request, with its routing trace and (when logged) bodies',
    response: { status: 200, description: 'The row.', schema: LogDetailJson },
    failures: [404],
    async handle({ params, admin }) {
      const row = await admin.store.getRequestLog(params.id!);
      if (row === undefined) {
        throw new GatewayError(
          'GW_ERR_ADMIN_NOT_FOUND',
          `No request-log row has the id "${params.id}". Rows are written in batches (a request shows up after the log writer's next flush), and rows older than request_log.retention_days are deleted.`,
        );
      }
      return logDetailJson(row);
    },
  }),
];
