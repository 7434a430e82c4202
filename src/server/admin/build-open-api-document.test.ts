import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAdminServer, type RunningAdminServer } from './__fixtures__/start-admin-server.js';
import { ADMIN_ROUTES } from './admin-routes.js';
import { buildOpenApiDocument } from './build-open-api-document.js';

type Operation = {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: { $ref: string } }> }>;
};
type Document = {
  openapi: string;
  security: unknown;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
let server: RunningAdminServer;
let document: Document;

before(async () => {
  server = await startAdminServer();
  const response = await fetch(`${server.url}/openapi.json`);
  assert.equal(response.status, 200);
  document = (await response.json()) as Document;
});
after(() => server.close());

function operations(): Array<{ path: string; method: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
}

test('the document lists exactly the routes the handler serves', async () => {
  const documented = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  assert.equal(new Set(documented).size, ADMIN_ROUTES.length, 'no route is listed twice or shadowed by another');
  assert.deepEqual(new Set(documented), new Set(ADMIN_ROUTES.map((route) => `${route.method} ${route.path}`)));

  for (const path of Object.keys(document.paths)) {
    const concrete = path.replace(/\{\w+\}/g, 'some-id');
    for (const method of METHODS) {
      const response = await server.call(method.toUpperCase(), concrete, method === 'get' || method === 'delete' ? undefined : {});
      const code = (response.body as { error?: { skyroute_code: string } } | undefined)?.error?.skyroute_code;
      if (document.paths[path]![method] === undefined) {
        assert.equal(code, 'GW_ERR_ROUTE_METHOD_NOT_ALLOWED', `${method} ${path} is not documented, so it is not served`);
      } else {
        assert.ok(code !== 'GW_ERR_ROUTE_NOT_FOUND' && code !== 'GW_ERR_ROUTE_METHOD_NOT_ALLOWED', `${method} ${path} is documented, so it is served (got ${code})`);
      }
    }
  }
  // And what is not in the document is not served at all.
  assert.equal((await server.call('GET', '/admin/users')).body.error.skyroute_code, 'GW_ERR_ROUTE_NOT_FOUND');
});

test('the document is OpenAPI 3.1 with a bearer scheme, the error envelope, and references that all resolve', () => {
  assert.equal(document.openapi, '3.1.0');
  assert.deepEqual(document.components.securitySchemes.masterKey, { ...document.components.securitySchemes.masterKey, type: 'http', scheme: 'bearer' });
  assert.deepEqual(document.security, [{ masterKey: [] }]);
  assert.ok(document.components.schemas.Error);

  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
  assert.ok(refs.length > 50);
  for (const ref of new Set(refs)) {
    const [, section, name] = /^#\/components\/(schemas|responses)\/(\w+)$/.exec(ref) ?? [];
    assert.ok(section !== undefined && name !== undefined, `${ref} points inside the document`);
    assert.ok((document.components[section as 'schemas' | 'responses'] as Record<string, unknown>)[name] !== undefined, `${ref} resolves`);
  }
  assert.ok(!JSON.stringify(document).includes('"$id"'), 'embedded schemas carry no $id of their own');

  const ids = operations().map(({ operation }) => operation.operationId);
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  for (const { path, method, operation } of operations()) {
    for (const status of ['400', '401', '403', '503']) assert.ok(operation.responses[status]?.$ref, `${method} ${path} documents ${status}`);
    const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
    assert.ok(success?.[1].content?.['application/json']?.schema.$ref, `${method} ${path} documents its success body`);
    const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    assert.deepEqual(
      (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
      pathParameters,
    );
  }
});

test('parameters and bodies come from the schemas the handlers validate with', () => {
  const listKeys = document.paths['/admin/keys']!.get!;
  assert.deepEqual(
    listKeys.parameters!.map((parameter) => [parameter.name, parameter.required]),
    [
      ['team_id', false],
      ['include_revoked', false],
      ['limit', false],
      ['before', false],
    ],
  );
  const create = document.paths['/admin/keys']!.post!;
  assert.equal(create.requestBody!.required, true);
  assert.deepEqual(Object.keys(create.responses).sort(), ['201', '400', '401', '403', '409', '503']);
  const schema = document.components.schemas.CreateKeyRequest as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
  assert.deepEqual(schema.required, ['name']);
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties), ['name', 'team_id', 'models', 'rpm', 'tpm', 'max_parallel', 'budgets', 'metadata', 'tags', 'expires_at']);
  assert.equal(document.paths['/admin/keys/{id}/rotate']!.post!.requestBody!.required, false, 'rotate may be sent without a body');

  const key = document.components.schemas.Key as { properties: Record<string, unknown> };
  assert.deepEqual(Object.keys(key.properties), [
    'id',
    'name',
    'preview',
    'team_id',
    'models',
    'rpm',
    'tpm',
    'max_parallel',
    'budgets',
    'metadata',
    'tags',
    'expires_at',
    'revoked_at',
    'created_at',
    'updated_at',
    'previous_valid_until',
    'budget_status',
  ]);
  assert.deepEqual(buildOpenApiDocument(), document, 'what is served is what is built');
});
