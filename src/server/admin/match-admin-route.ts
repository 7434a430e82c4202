import { GatewayError } from '../../spec/gateway-error.js';
import type { AdminRoute } from './admin-route.js';

export interface MatchedRoute {
  route: AdminRoute;
  /** Path parameters by name, URL-decoded. */
  params: Record<string, string>;
}

/**
 * Finds the route for a method and path. Where templates overlap (POST /admin/keys/revoke and
 * /admin/keys/{id}), the one with more literal segments wins, so a literal path is never read as an
 * id. A path that matches but not with this method is a 405 naming the methods it takes.
 */
export function matchAdminRoute(routes: readonly AdminRoute[], method: string, path: string): MatchedRoute {
  const segments = splitPath(path);
  let best: Array<{ route: AdminRoute; params: Record<string, string> }> = [];
  let bestLiterals = -1;
  for (const route of routes) {
    const params = matchTemplate(splitPath(route.path), segments);
    if (params === undefined) continue;
    const literals = splitPath(route.path).filter((segment) => !segment.startsWith('{')).length;
    if (literals > bestLiterals) {
      best = [];
      bestLiterals = literals;
    }
    if (literals === bestLiterals) best.push({ route, params });
  }
  if (best.length === 0) {
    const served = routes.map((route) => `${route.method} ${route.path}`).join(', ');
    throw new GatewayError('GW_ERR_ROUTE_NOT_FOUND', `${method} ${path} is not an admin endpoint. The admin API serves ${served} (GET /openapi.json describes them).`);
  }
  const match = best.find((candidate) => candidate.route.method === method);
  if (match === undefined) {
    const methods = best.map((candidate) => candidate.route.method);
    throw new GatewayError('GW_ERR_ROUTE_METHOD_NOT_ALLOWED', `${path} takes ${methods.join(' or ')}, not ${method}.`);
  }
  return match;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchTemplate(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index++) {
    const expected = template[index]!;
    const actual = segments[index]!;
    if (expected.startsWith('{')) {
      const value = decodeSegment(actual);
      if (value === undefined) return undefined;
      params[expected.slice(1, -1)] = value;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed %-escape: no route matches it
  }
}
