import { geminiSimErrors } from './gemini-sim-errors.js';
import { protoJson } from './read-proto-json-field.js';
import type { SimWireError } from './send-sim-json.js';

type Json = Record<string, unknown>;

// The fields of Gemini's `Schema` message (an OpenAPI 3.0 subset, https://ai.google.dev/api/caching#Schema).
// JSON Schema keywords outside it ($schema, additionalProperties, $ref, oneOf, const…) are
// rejected like any unknown proto field: a gateway must strip or translate them, or use
// parametersJsonSchema / responseJsonSchema instead.
const schemaFields: ReadonlySet<string> = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering',
  'default', 'items', 'minimum', 'maximum',
]);
const types = new Set(['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL']);
const numericFields = ['maxItems', 'minItems', 'minLength', 'maxLength', 'minimum', 'maximum'];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks an OpenAPI-subset schema (tool `parameters`, `responseSchema`) as Gemini parses it and
 * returns it as the JSON Schema the generator reads (lower-case types, camelCase keywords).
 * Types are accepted in either case, as Gemini does.
 */
export function checkGeminiSimSchema(schema: unknown, at: string): { schema: Json } | SimWireError {
  if (!isObject(schema)) return geminiSimErrors.invalidArgument(`Invalid JSON payload received. Expected an object at '${at}'.`);
  const unknown = protoJson.unknownKey(schema, schemaFields);
  if (unknown !== undefined) return geminiSimErrors.unknownField(unknown, at);
  const converted: Json = {};
  const type = protoJson.field(schema, 'type');
  if (type !== undefined) {
    if (Array.isArray(type)) return geminiSimErrors.invalidArgument('Invalid JSON payload received. Proto field is not repeating, cannot start list.');
    if (typeof type !== 'string' || !types.has(type.toUpperCase())) {
      return geminiSimErrors.invalidArgument(`Invalid value at '${at}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), ${JSON.stringify(type)}`);
    }
    if (type.toUpperCase() !== 'TYPE_UNSPECIFIED') converted.type = type.toLowerCase();
  }
  const enumValues = protoJson.field(schema, 'enum');
  if (enumValues !== undefined) {
    if (!Array.isArray(enumValues)) return geminiSimErrors.invalidArgument(`Invalid value at '${at}.enum' (TYPE_STRING)`);
    const index = enumValues.findIndex((value) => typeof value !== 'string');
    if (index >= 0) return geminiSimErrors.invalidArgument(`Invalid value at '${at}.enum[${index}]' (TYPE_STRING), ${JSON.stringify(enumValues[index])}`);
    converted.enum = enumValues;
  }
  for (const name of ['format', 'required', 'description']) {
    const value = protoJson.field(schema, name);
    if (value !== undefined) converted[name] = value;
  }
  for (const name of numericFields) {
    const value = protoJson.field(schema, name);
    // int64 fields arrive as strings in proto JSON ("3"); both forms are numbers to the generator.
    if (value !== undefined) converted[name] = Number(value);
  }
  const properties = protoJson.field(schema, 'properties');
  if (properties !== undefined) {
    if (!isObject(properties)) return geminiSimErrors.invalidArgument(`Invalid JSON payload received. Expected an object at '${at}.properties'.`);
    const convertedProperties: Json = {};
    let index = 0;
    for (const [name, property] of Object.entries(properties)) {
      const checked = checkGeminiSimSchema(property, `${at}.properties[${index++}].value`);
      if ('status' in checked) return checked;
      convertedProperties[name] = checked.schema;
    }
    converted.properties = convertedProperties;
  }
  const items = protoJson.field(schema, 'items');
  if (items !== undefined) {
    const checked = checkGeminiSimSchema(items, `${at}.items`);
    if ('status' in checked) return checked;
    converted.items = checked.schema;
  }
  const anyOf = protoJson.field(schema, 'anyOf');
  if (anyOf !== undefined) {
    if (!Array.isArray(anyOf)) return geminiSimErrors.invalidArgument(`Invalid value at '${at}.any_of'`);
    const branches: Json[] = [];
    for (let index = 0; index < anyOf.length; index++) {
      const checked = checkGeminiSimSchema(anyOf[index], `${at}.any_of[${index}]`);
      if ('status' in checked) return checked;
      branches.push(checked.schema);
    }
    converted.anyOf = branches;
  }
  return { schema: converted };
}
