import type { z } from 'zod';
import type { Runtime } from '../../build-runtime.js';
import type { AdminServices } from '../../governance/admin-services.js';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route's handler gets: validated input and the services (with a store whose failures are already admin errors). */
export interface AdminCall<Query, Body> {
  /** Path parameters by name ({id} → params.id), URL-decoded. */
  params: Record<string, string>;
  query: Query;
  body: Body;
  admin: AdminServices;
  /** The request's one instant (admin.now() read once). */
  now: number;
  /** The config version this request started on: only the routes about routing itself (deployments, what-if) read it. */
  runtime: Runtime;
}

/**
 * One admin endpoint. The route table (admin-routes.ts) is the one source of both the dispatch and
 * the OpenAPI document: a route cannot be served without being described, or described without being served.
 */
export interface AdminRoute {
  method: AdminMethod;
  /** OpenAPI path template, e.g. /admin/keys/{id}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  query: z.ZodObject | undefined;
  body: z.ZodType | undefined;
  response: { status: number; description: string; schema: z.ZodType };
  /** Failure statuses of this route besides the ones every admin route has (400 for bad input, 401, 403, 503). */
  failures: readonly number[];
  /** True when the route changes something: a store failure then says that the change was not made. */
  writes: boolean;
  handle(call: AdminCall<unknown, unknown>): Promise<unknown>;
}

type Output<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

interface RouteDefinition<Query extends z.ZodObject | undefined, Body extends z.ZodType | undefined, Response extends z.ZodType> {
  method: AdminMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  query?: Query;
  body?: Body;
  response: { status: number; description: string; schema: Response };
  failures?: readonly number[];
  /** Default: every method but GET changes something. A POST that only computes (a what-if) says false. */
  writes?: boolean;
  /** The handler answers the response body, typed by the response schema the document shows. */
  handle(call: AdminCall<Output<Query>, Output<Body>>): Promise<z.input<Response>>;
}

/** Defines a route with its handler typed by its own schemas (query, body and response). */
export function adminRoute<Query extends z.ZodObject | undefined = undefined, Body extends z.ZodType | undefined = undefined, Response extends z.ZodType = z.ZodType>(
  definition: RouteDefinition<Query, Body, Response>,
): AdminRoute {
  return {
    method: definition.method,
    path: definition.path,
    operationId: definition.operationId,
    tag: definition.tag,
    summary: definition.summary,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    query: definition.query,
    body: definition.body,
    response: definition.response,
    failures: definition.failures ?? [],
    writes: definition.writes ?? definition.method !== 'GET',
    handle: definition.handle as AdminRoute['handle'],
  };
}
