import { GatewayError } from '../../spec/gateway-error.js';
import type { RequestContext } from '../request-context.js';
import type { Dashboard } from './load-dashboard.js';

/**
 * The page's own rules: scripts and styles only from the gateway (uPlot sets inline styles), data only
 * from the gateway's API, no framing (the dashboard handles the master key).
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * GET /ui/…: the dashboard's files from memory. Anything that is not a file is the app's page (it routes
 * by the URL's hash), so /ui, /ui/ and /ui/whatever all open it. The page itself is public; everything it
 * shows comes from the admin API, which asks for the master key.
 */
export function serveDashboard(context: RequestContext, dashboard: Dashboard | undefined, fullPath: string): void {
  const { request, response } = context;
  const method = request.method ?? 'GET';
  request.resume();
  if (method !== 'GET' && method !== 'HEAD') throw new GatewayError('GW_ERR_ROUTE_METHOD_NOT_ALLOWED', `${fullPath} takes GET, not ${method}.`);
  if (dashboard === undefined) {
    throw new GatewayError(
      'GW_ERR_DASHBOARD_NOT_BUILT',
      'The dashboard is not built in this installation: run `npm run build` (npm install does it) so dist/web/ exists, then restart the gateway.',
    );
  }
  if (fullPath === '/ui') {
    response.writeHead(308, { ...context.headers, location: '/ui/' });
    response.end();
    return;
  }
  const path = decodedPath(fullPath.slice('/ui/'.length));
  // Files are looked up in memory by name, never on disk, so no path can reach outside the build.
  const asset = path === undefined ? undefined : (dashboard.assets.get(path) ?? (path.startsWith('assets/') ? undefined : dashboard.assets.get('index.html')));
  if (asset === undefined) throw new GatewayError('GW_ERR_ROUTE_NOT_FOUND', `The dashboard has no file ${fullPath}. Open /ui/ for the dashboard.`);
  const gzip = asset.gzipped !== undefined && acceptsGzip(request.headers['accept-encoding']);
  const body = gzip ? asset.gzipped! : asset.body;
  const headers: Record<string, string> = {
    ...context.headers,
    ...SECURITY_HEADERS,
    'content-type': asset.contentType,
    'content-length': String(body.length),
    etag: asset.etag,
    vary: 'accept-encoding',
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  if (request.headers['if-none-match'] === asset.etag) {
    response.writeHead(304, { ...context.headers, etag: asset.etag, 'cache-control': headers['cache-control'] });
    response.end();
    return;
  }
  response.writeHead(200, headers);
  response.end(method === 'HEAD' ? undefined : body);
}

/** True when accept-encoding lists gzip without `q=0`. */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((entry) => {
    const [name, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (name !== 'gzip') return false;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/** The path's percent-escapes decoded; undefined when they are malformed. */
function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
