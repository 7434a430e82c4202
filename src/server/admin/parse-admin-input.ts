import type { z } from 'zod';
import { GatewayError } from '../../spec/gateway-error.js';

/**
 * Validates an admin body or query string, turning the first problems into one 400
 * GW_ERR_ADMIN_INVALID that names each field ("budgets[0].period: must be one of …").
 */
export function parseAdminInput<Schema extends z.ZodType>(schema: Schema, value: unknown, where: 'body' | 'query'): z.output<Schema> {
  if (where === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new GatewayError('GW_ERR_ADMIN_INVALID', `The request body must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3);
  const described = issues.map((issue) => describeIssue(issue, where));
  const first = issues[0];
  throw new GatewayError('GW_ERR_ADMIN_INVALID', `Invalid ${where === 'body' ? 'request body' : 'query string'}: ${described.join('; ')}.`, {
    param: first === undefined ? null : fieldOf(first) || null,
  });
}

function describeIssue(issue: z.core.$ZodIssue, where: 'body' | 'query'): string {
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => `"${key}"`).join(', ');
    const what = where === 'body' ? 'field' : 'parameter';
    return `${field === '' ? '' : `${field}: `}unknown ${what}${issue.keys.length === 1 ? '' : 's'} ${names} (GET /openapi.json lists the accepted ones)`;
  }
  return `${field === '' ? `(${where})` : field}: ${messageOf(issue)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'a JSON object',
  record: 'a JSON object',
};

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  // zod leaves the input out of issues; its default message is how a missing field shows.
  if (issue.message.endsWith('received undefined')) return 'is required';
  const expected = EXPECTED[issue.expected];
  return expected === undefined || !issue.message.startsWith('Invalid input') ? issue.message : `must be ${expected}`;
}

/** The field a client should fix (for an unknown field: that field itself). */
function fieldOf(issue: z.core.$ZodIssue): string {
  return formatPath(issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}
