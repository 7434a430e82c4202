import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { buildOpenApiDocument } from './build-open-api-document.js';

/**
 * GET /openapi.json: the OpenAPI 3.1 description of the admin API (no key needed: it holds no data).
 * Built per request rather than kept: it is asked for rarely, and the app keeps no module state.
 */
export function handleOpenApi(context: RequestContext): void {
  context.request.resume();
  sendJson(context.response, 200, buildOpenApiDocument(), context.headers);
}
