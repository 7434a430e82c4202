import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { createSeededRandom } from './create-seeded-random.js';
import { generateJsonFromSchema } from './generate-json-from-schema.js';

const schemas: Record<string, unknown> = {
  flat: {
    type: 'object',
    properties: {
      city: { type: 'string', minLength: 3, maxLength: 40 },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      days: { type: 'integer', minimum: 1, maximum: 14 },
      precise: { type: 'boolean' },
    },
    required: ['city', 'unit'],
    additionalProperties: false,
  },
  formats: {
    type: 'object',
    properties: {
      on: { type: 'string', format: 'date' },
      at: { type: 'string', format: 'date-time' },
      email: { type: 'string', format: 'email' },
      link: { type: 'string', format: 'uri' },
      id: { type: 'string', format: 'uuid' },
    },
    required: ['on', 'at', 'email', 'link', 'id'],
  },
  numbers: {
    type: 'object',
    properties: {
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      step: { type: 'integer', multipleOf: 5, minimum: 12, maximum: 40 },
      negative: { type: 'number', maximum: -10 },
    },
    required: ['ratio', 'step', 'negative'],
  },
  nested: {
    type: 'object',
    properties: {
      order: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            minItems: 2,
            items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } }, required: ['sku', 'qty'] },
          },
          tags: { type: 'array', items: { enum: ['a', 'b', 'c'] }, minItems: 3, uniqueItems: true },
        },
        required: ['items', 'tags'],
      },
      note: { type: ['string', 'null'] },
    },
    required: ['order', 'note'],
  },
  unions: {
    type: 'object',
    properties: {
      either: { anyOf: [{ type: 'integer', minimum: 100 }, { type: 'string' }] },
      exactly: { oneOf: [{ type: 'boolean' }, { type: 'string', format: 'date' }] },
      both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { const: 7 } }, required: ['b'] }] },
    },
    required: ['either', 'exactly', 'both'],
  },
  references: {
    $defs: {
      address: { type: 'object', properties: { street: { type: 'string' }, zip: { type: 'string', minLength: 5 } }, required: ['street', 'zip'] },
      node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['name'] },
    },
    type: 'object',
    properties: { home: { $ref: '#/$defs/address' }, tree: { $ref: '#/$defs/node' } },
    required: ['home', 'tree'],
  },
  tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], minItems: 2, maxItems: 2 },
};

describe('generateJsonFromSchema', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`satisfies the ${name} schema for many seeds`, () => {
      for (let seed = 1; seed <= 50; seed++) {
        const value = generateJsonFromSchema(schema, createSeededRandom(seed));
        assert.deepEqual(findSchemaViolations(value, schema), [], `seed ${seed}: ${JSON.stringify(value)}`);
      }
    });
  }

  it('fills every required property and the optional ones near the top', () => {
    const value = generateJsonFromSchema(schemas.flat, createSeededRandom(3)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value).sort(), ['city', 'days', 'precise', 'unit']);
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const first = JSON.stringify(generateJsonFromSchema(schemas.nested, createSeededRandom(9)));
    assert.equal(JSON.stringify(generateJsonFromSchema(schemas.nested, createSeededRandom(9))), first);
    const others = new Set([10, 11, 12, 13].map((seed) => JSON.stringify(generateJsonFromSchema(schemas.nested, createSeededRandom(seed)))));
    assert.ok(new Set([...others, first]).size > 1, 'different seeds give different values');
  });

  it('gives an empty object for a missing parameters schema', () => {
    assert.deepEqual(generateJsonFromSchema(undefined, createSeededRandom(1)), {});
  });

  it('the checker itself catches violations', () => {
    assert.notDeepEqual(findSchemaViolations({ city: 'x', unit: 'kelvin', extra: 1 }, schemas.flat), []);
    assert.notDeepEqual(findSchemaViolations({ ratio: 1, step: 13, negative: 0 }, schemas.numbers), []);
  });
});
