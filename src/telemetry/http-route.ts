/** The API's route templates, keyed by the path without its optional `/v1` prefix. */
const ROUTES: ReadonlyMap<string, string> = new Map([
  ['/chat/completions', '/v1/chat/completions'],
  ['/embeddings', '/v1/embeddings'],
  ['/feedback', '/v1/feedback'],
  ['/messages', '/v1/messages'],
  ['/messages/count_tokens', '/v1/messages/count_tokens'],
  ['/models', '/v1/models'],
  ['/openapi.json', '/openapi.json'],
]);

/**
 * A request path's `http.route` (a template, so that span names stay few: `/v1/models/{id}`, `/admin/*`),
 * '' for a path the gateway does not serve, and undefined for the paths not traced at all: health
 * checks, GET /metrics and the dashboard's files, which a load balancer, Prometheus or a browser ask
 * for all day and which say nothing about the traffic.
 */
export function httpRoute(path: string): string | undefined {
  const route = ROUTES.get(path);
  if (route !== undefined) return route;
  if (path.startsWith('/health/') || path === '/metrics' || path === '/ui' || path.startsWith('/ui/')) return undefined;
  if (path.startsWith('/models/')) return '/v1/models/{id}';
  if (path.startsWith('/admin/')) return '/admin/*';
  return '';
}
