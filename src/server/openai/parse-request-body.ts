import type { z } from 'zod';
import { GatewayError } from '../../spec/gateway-error.js';

/** Validates a parsed body against a schema, turning the first problems into one 400 that names the fields. */
export function parseRequestBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('GW_ERR_REQUEST_INVALID', `The ${what} body must be a JSON object, not ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}.`);
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3);
  const described = issues.map((issue) => `${formatPath(issue.path) || '(body)'}: ${describe(issue)}`);
  throw new GatewayError('GW_ERR_REQUEST_INVALID', `Invalid ${what}: ${described.join('; ')}`, {
    param: formatPath(issues[0]?.path ?? []) || null,
  });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'is required';
  return issue.message;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}
