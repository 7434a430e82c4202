import type { SeededRandom } from './create-seeded-random.js';

// Produces a value that satisfies the JSON Schemas that tools and structured outputs use in
// practice. Supported: type (also as an array), const, enum, object/properties/required, string
// (formats date, date-time, time, email, uri/url, uuid, hostname, ipv4; min/maxLength), number and
// integer (minimum/maximum, exclusive bounds, multipleOf), boolean, null, array (items,
// prefixItems, min/maxItems), anyOf/oneOf (first branch), allOf (objects merged) and $ref to
// #/$defs or #/definitions. Not supported: pattern, not, if/then/else, dependent schemas.

type Schema = Record<string, unknown>;

// Deep enough for real tool schemas, shallow enough that a recursive $ref ends.
const optionalPropertiesDepth = 4;
const maxDepth = 12;

const words = ['alpha', 'bravo', 'delta', 'echo', 'harbor', 'lima', 'nova', 'orbit', 'river', 'summit'];

export function generateJsonFromSchema(schema: unknown, random: SeededRandom): unknown {
  return generate(schema, schema, random, 0);
}

function generate(schema: unknown, root: unknown, random: SeededRandom, depth: number): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const node = schema as Schema;
  if (typeof node.$ref === 'string') {
    if (depth >= maxDepth) return null;
    return generate(resolveReference(node.$ref, root), root, random, depth + 1);
  }
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return pick(node.enum, random);
  const branches = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (branches && branches.length > 0) return generate(branches[0], root, random, depth + 1);
  if (Array.isArray(node.allOf) && node.allOf.length > 0) return generateAllOf(node, root, random, depth);
  switch (resolveType(node)) {
    case 'object':
      return generateObject(node, root, random, depth);
    case 'array':
      return generateArray(node, root, random, depth);
    case 'string':
      return generateString(node, random);
    case 'integer':
      return generateNumber(node, random, true);
    case 'number':
      return generateNumber(node, random, false);
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return generateString(node, random);
  }
}

function resolveType(node: Schema): string | undefined {
  const type = node.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const concrete = type.find((entry) => entry !== 'null');
    return typeof concrete === 'string' ? concrete : type.length > 0 ? 'null' : undefined;
  }
  if (node.properties !== undefined || node.required !== undefined) return 'object';
  if (node.items !== undefined || node.prefixItems !== undefined) return 'array';
  return undefined;
}

function resolveReference(reference: string, root: unknown): unknown {
  if (!reference.startsWith('#')) return {};
  let current: unknown = root;
  for (const rawSegment of reference.slice(1).split('/').filter(Boolean)) {
    const segment = decodeURIComponent(rawSegment).replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return {};
    current = (current as Schema)[segment];
  }
  return current ?? {};
}

function generateObject(node: Schema, root: unknown, random: SeededRandom, depth: number): Record<string, unknown> {
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const result: Record<string, unknown> = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    // Optional properties make arguments realistic; deep down they only risk endless recursion.
    if (!required.has(name) && depth >= optionalPropertiesDepth) continue;
    result[name] = generate(propertySchema, root, random, depth + 1);
  }
  for (const name of required) {
    if (!(name in result)) result[name] = generateString({}, random);
  }
  return result;
}

function generateAllOf(node: Schema, root: unknown, random: SeededRandom, depth: number): unknown {
  const parts = (node.allOf as unknown[]).map((part) => generate(part, root, random, depth + 1));
  if (parts.every((part) => part !== null && typeof part === 'object' && !Array.isArray(part))) {
    const { allOf: _allOf, ...rest } = node;
    const own = Object.keys(rest).length > 0 ? generate(rest, root, random, depth + 1) : {};
    return Object.assign({}, own, ...parts);
  }
  return parts[0];
}

function generateArray(node: Schema, root: unknown, random: SeededRandom, depth: number): unknown[] {
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
  const minItems = typeof node.minItems === 'number' ? node.minItems : 0;
  const maxItems = typeof node.maxItems === 'number' ? node.maxItems : Math.max(minItems, 3);
  const wanted = depth >= optionalPropertiesDepth ? minItems : 1 + Math.floor(random() * 2);
  const count = Math.min(maxItems, Math.max(minItems, wanted, prefix.length));
  const result: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const itemSchema = index < prefix.length ? prefix[index] : node.items;
    let item = generate(itemSchema ?? {}, root, random, depth + 1);
    // uniqueItems over an enum (tags, weekdays…): walk the enum instead of repeating a value.
    if (node.uniqueItems === true) item = makeUnique(item, itemSchema, result, root);
    result.push(item);
  }
  return result;
}

function makeUnique(item: unknown, itemSchema: unknown, taken: unknown[], root: unknown): unknown {
  const seen = new Set(taken.map((value) => JSON.stringify(value)));
  if (!seen.has(JSON.stringify(item))) return item;
  let schema = itemSchema as Schema | undefined;
  if (schema && typeof schema.$ref === 'string') schema = resolveReference(schema.$ref, root) as Schema;
  if (schema && Array.isArray(schema.enum)) {
    const unused = schema.enum.find((value) => !seen.has(JSON.stringify(value)));
    if (unused !== undefined) return unused;
  }
  if (typeof item === 'string') return `${item}-${taken.length + 1}`;
  if (typeof item === 'number') return item + taken.length;
  return item;
}

function generateString(node: Schema, random: SeededRandom): string {
  let value: string;
  switch (node.format) {
    case 'date':
      value = `2024-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
      break;
    case 'date-time':
      value = `2024-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}T${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}:00Z`;
      break;
    case 'time':
      value = `${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}:00`;
      break;
    case 'email':
      value = `${pick(words, random)}@example.com`;
      break;
    case 'uri':
    case 'url':
      value = `https://example.com/${pick(words, random)}`;
      break;
    case 'uuid':
      value = uuid(random);
      break;
    case 'hostname':
      value = `${pick(words, random)}.example.com`;
      break;
    case 'ipv4':
      value = `192.0.2.${1 + Math.floor(random() * 254)}`;
      break;
    default:
      value = `${pick(words, random)} ${pick(words, random)}`;
  }
  const minLength = typeof node.minLength === 'number' ? node.minLength : 0;
  const maxLength = typeof node.maxLength === 'number' ? node.maxLength : Infinity;
  while (value.length < minLength) value += ` ${pick(words, random)}`;
  return value.length > maxLength ? value.slice(0, maxLength) : value;
}

function generateNumber(node: Schema, random: SeededRandom, integer: boolean): number {
  const exclusiveMinimum = typeof node.exclusiveMinimum === 'number' ? node.exclusiveMinimum : undefined;
  const exclusiveMaximum = typeof node.exclusiveMaximum === 'number' ? node.exclusiveMaximum : undefined;
  const step = integer ? 1 : 0.01;
  let low = typeof node.minimum === 'number' ? node.minimum : exclusiveMinimum !== undefined ? exclusiveMinimum + step : undefined;
  let high = typeof node.maximum === 'number' ? node.maximum : exclusiveMaximum !== undefined ? exclusiveMaximum - step : undefined;
  low ??= high !== undefined ? Math.min(0, high - 100) : 0;
  high ??= low + 100;
  const multipleOf = typeof node.multipleOf === 'number' && node.multipleOf > 0 ? node.multipleOf : undefined;
  if (multipleOf !== undefined) {
    const first = Math.ceil(low / multipleOf);
    const last = Math.floor(high / multipleOf);
    const chosen = last >= first ? first + Math.floor(random() * (last - first + 1)) : first;
    return Number((chosen * multipleOf).toPrecision(12));
  }
  if (integer) {
    const first = Math.ceil(low);
    const last = Math.floor(high);
    return last >= first ? first + Math.floor(random() * (last - first + 1)) : first;
  }
  const value = Math.round((low + random() * (high - low)) * 100) / 100;
  return Math.min(high, Math.max(low, value));
}

function uuid(random: SeededRandom): string {
  let hex = '';
  for (let index = 0; index < 32; index++) hex += Math.floor(random() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function pick<T>(values: readonly T[], random: SeededRandom): T {
  return values[Math.floor(random() * values.length)] as T;
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
