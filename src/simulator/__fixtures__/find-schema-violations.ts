// Test support: an independent checker for the JSON Schema subset the simulator claims to
// satisfy, so generator tests compare against something other than the generator itself.

type Schema = Record<string, unknown>;

const formats: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  time: /^\d{2}:\d{2}:\d{2}/,
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i,
  url: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  ipv4: /^(\d{1,3}\.){3}\d{1,3}$/,
};

/** Every way `value` breaks `schema`, as "path: problem" strings; empty when it conforms. */
export function findSchemaViolations(value: unknown, schema: unknown, root: unknown = schema, path = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path}: schema false`];
  const node = schema as Schema;
  const problems: string[] = [];
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((current, key) => (current as Schema | undefined)?.[key], root);
    if (target === undefined) return [`${path}: unresolved ${node.$ref}`];
    problems.push(...findSchemaViolations(value, target, root, path));
  }
  if ('const' in node && JSON.stringify(node.const) !== JSON.stringify(value)) problems.push(`${path}: not the const`);
  if (Array.isArray(node.enum) && !node.enum.some((entry) => JSON.stringify(entry) === JSON.stringify(value))) {
    problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  }
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.some((type) => hasType(value, String(type)))) problems.push(`${path}: expected ${types.join('|')}, got ${JSON.stringify(value)}`);
  }
  if (Array.isArray(node.anyOf) && !node.anyOf.some((branch) => findSchemaViolations(value, branch, root, path).length === 0)) {
    problems.push(`${path}: matches no anyOf branch`);
  }
  if (Array.isArray(node.oneOf)) {
    const matching = node.oneOf.filter((branch) => findSchemaViolations(value, branch, root, path).length === 0).length;
    if (matching !== 1) problems.push(`${path}: matches ${matching} oneOf branches`);
  }
  if (Array.isArray(node.allOf)) for (const part of node.allOf) problems.push(...findSchemaViolations(value, part, root, path));
  if (typeof value === 'string') {
    if (typeof node.minLength === 'number' && value.length < node.minLength) problems.push(`${path}: shorter than ${node.minLength}`);
    if (typeof node.maxLength === 'number' && value.length > node.maxLength) problems.push(`${path}: longer than ${node.maxLength}`);
    const format = typeof node.format === 'string' ? formats[node.format] : undefined;
    if (format && !format.test(value)) problems.push(`${path}: not a ${String(node.format)}`);
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) problems.push(`${path}: below minimum`);
    if (typeof node.maximum === 'number' && value > node.maximum) problems.push(`${path}: above maximum`);
    if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum) problems.push(`${path}: not above exclusiveMinimum`);
    if (typeof node.exclusiveMaximum === 'number' && value >= node.exclusiveMaximum) problems.push(`${path}: not below exclusiveMaximum`);
    if (typeof node.multipleOf === 'number' && Math.abs(value / node.multipleOf - Math.round(value / node.multipleOf)) > 1e-9) {
      problems.push(`${path}: not a multiple of ${node.multipleOf}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && value.length < node.minItems) problems.push(`${path}: fewer than ${node.minItems} items`);
    if (typeof node.maxItems === 'number' && value.length > node.maxItems) problems.push(`${path}: more than ${node.maxItems} items`);
    if (node.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
      problems.push(`${path}: items not unique`);
    }
    const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
    value.forEach((item, index) => {
      const itemSchema = index < prefix.length ? prefix[index] : node.items;
      problems.push(...findSchemaViolations(item, itemSchema, root, `${path}[${index}]`));
    });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    for (const name of Array.isArray(node.required) ? node.required : []) {
      if (!(String(name) in record)) problems.push(`${path}: missing required ${String(name)}`);
    }
    for (const [name, propertyValue] of Object.entries(record)) {
      if (name in properties) problems.push(...findSchemaViolations(propertyValue, properties[name], root, `${path}.${name}`));
      else if (node.additionalProperties === false) problems.push(`${path}: unexpected property ${name}`);
    }
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}
