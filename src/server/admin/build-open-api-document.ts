import { z } from 'zod';
import {
  BudgetInput,
  CreateKeyBody,
  CreateTeamBody,
  PutCredentialBody,
  RevokeBySecretBody,
  RotateKeyBody,
  UpdateKeyBody,
  UpdateTeamBody,
} from './admin-input-schemas.js';
import {
  BudgetJson,
  BudgetStatusJson,
  CredentialJson,
  CredentialListJson,
  DeletedCredentialJson,
  DeletedTeamJson,
  ErrorJson,
  KeyJson,
  KeyListJson,
  LogDetailJson,
  LogListJson,
  LogRowJson,
  NewKeyJson,
  SpendReportJson,
  SpendRowJson,
  SpendTotalsJson,
  TeamJson,
  TeamListJson,
} from './admin-output-schemas.js';
import type { AdminRoute } from './admin-route.js';
import { ADMIN_ROUTES } from './admin-routes.js';

type JsonObject = Record<string, unknown>;

/** Named components, so clients generated from the document get one type per record, not one per use. */
const REQUEST_COMPONENTS: ReadonlyArray<[string, z.ZodType]> = [
  ['BudgetInput', BudgetInput],
  ['CreateKeyRequest', CreateKeyBody],
  ['UpdateKeyRequest', UpdateKeyBody],
  ['RevokeBySecretRequest', RevokeBySecretBody],
  ['RotateKeyRequest', RotateKeyBody],
  ['CreateTeamRequest', CreateTeamBody],
  ['UpdateTeamRequest', UpdateTeamBody],
  ['PutCredentialRequest', PutCredentialBody],
];

const RESPONSE_COMPONENTS: ReadonlyArray<[string, z.ZodType]> = [
  ['Budget', BudgetJson],
  ['BudgetStatus', BudgetStatusJson],
  ['Key', KeyJson],
  ['NewKey', NewKeyJson],
  ['KeyList', KeyListJson],
  ['Team', TeamJson],
  ['TeamList', TeamListJson],
  ['DeletedTeam', DeletedTeamJson],
  ['Credential', CredentialJson],
  ['CredentialList', CredentialListJson],
  ['DeletedCredential', DeletedCredentialJson],
  ['SpendTotals', SpendTotalsJson],
  ['SpendRow', SpendRowJson],
  ['SpendReport', SpendReportJson],
  ['LogRow', LogRowJson],
  ['LogDetail', LogDetailJson],
  ['LogList', LogListJson],
  ['Error', ErrorJson],
];

/** The failures every admin route can answer, and the ones some do; each is the same error envelope. */
const FAILURES: Record<number, { name: string; description: string }> = {
  400: { name: 'Invalid', description: 'GW_ERR_ADMIN_INVALID (the message names the field), or GW_ERR_REQUEST_INVALID_JSON.' },
  401: { name: 'Unauthorized', description: 'GW_ERR_ADMIN_UNAUTHORIZED: no master key, or not the master key.' },
  403: { name: 'AdminDisabled', description: 'GW_ERR_ADMIN_DISABLED: no master key is configured (auth.master_key or SKYROUTE_MASTER_KEY).' },
  404: { name: 'NotFound', description: 'GW_ERR_ADMIN_NOT_FOUND: no record with that id or name.' },
  409: { name: 'Conflict', description: 'GW_ERR_ADMIN_CONFLICT: the name is taken, or the team still has keys.' },
  503: { name: 'StoreUnavailable', description: 'GW_ERR_STORE_UNAVAILABLE: the database did not answer; nothing was changed.' },
};
const COMMON_FAILURES = [400, 401, 403, 503];

const PATH_PARAMETERS: Record<string, string> = {
  id: 'The record id (key_… or team_…).',
  name: 'The credential name.',
};

/**
 * The OpenAPI 3.1 description of the admin API, generated from the route table and the zod schemas
 * the handlers validate with: what the document says is what the code does.
 */
export function buildOpenApiDocument(routes: readonly AdminRoute[] = ADMIN_ROUTES): JsonObject {
  const requests = components(REQUEST_COMPONENTS, routes, 'input');
  const responses = components(RESPONSE_COMPONENTS, routes, 'output');
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, requests.refs, responses.refs);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Skyroute admin API',
      version: '1.0.0',
      description:
        'Virtual keys, teams, provider credentials, spend reports, the request log, deployment health and routing what-ifs of a Skyroute gateway. JSON is snake_case, times are ISO 8601 (UTC), money is USD. Every request needs the master key: "Authorization: Bearer <master key>".',
    },
    security: [{ masterKey: [] }],
    tags: [
      { name: 'keys', description: 'Virtual keys: secrets shown once, stored as hashes; limits, budgets, expiry.' },
      { name: 'teams', description: 'Teams: limits and budgets shared by their keys.' },
      { name: 'credentials', description: 'Provider credentials, stored encrypted (SKYROUTE_ENCRYPTION_KEY).' },
      { name: 'spend', description: 'Spend and usage reports.' },
      { name: 'logs', description: 'The request log.' },
      { name: 'stats', description: 'Request statistics over time for dashboards: requests, errors, spend, tokens, latency and time-to-first-token percentiles.' },
      { name: 'routing', description: 'Deployment health and headroom now, and routing what-ifs over the request log.' },
    ],
    paths,
    components: {
      securitySchemes: {
        masterKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'The master key (auth.master_key or SKYROUTE_MASTER_KEY). x-api-key: <master key> works too.',
        },
      },
      schemas: { ...requests.schemas, ...responses.schemas },
      responses: Object.fromEntries(
        Object.values(FAILURES).map(({ name, description }) => [name, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
      ),
    },
  };
}

interface Components {
  schemas: Record<string, JsonObject>;
  /** $ref of each schema that has a component. */
  refs: Map<z.ZodType, string>;
}

/** The named schemas plus any route schema not named above (named after its operation), converted with their refs to each other. */
function components(named: ReadonlyArray<[string, z.ZodType]>, routes: readonly AdminRoute[], io: 'input' | 'output'): Components {
  const registry = z.registry<{ id: string }>();
  const refs = new Map<z.ZodType, string>();
  const add = (id: string, schema: z.ZodType): void => {
    if (refs.has(schema)) return;
    registry.add(schema, { id });
    refs.set(schema, `#/components/schemas/${id}`);
  };
  for (const [id, schema] of named) add(id, schema);
  for (const route of routes) {
    const schema = io === 'input' ? route.body : route.response.schema;
    if (schema !== undefined) add(`${pascalCase(route.operationId)}${io === 'input' ? 'Request' : 'Response'}`, schema);
  }
  const converted = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonObject> };
  const schemas: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(converted.schemas)) schemas[id] = withoutSchemaIds(schema);
  return { schemas, refs };
}

function operation(route: AdminRoute, requestRefs: Map<z.ZodType, string>, responseRefs: Map<z.ZodType, string>): JsonObject {
  const parameters = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      description: PATH_PARAMETERS[name!] ?? name,
      schema: { type: 'string' },
    })),
    ...Object.entries(route.query?.shape ?? {}).map(([name, schema]) => queryParameter(name, schema as z.ZodType)),
  ];
  const failures = [...new Set([...COMMON_FAILURES, ...route.failures])].sort((a, b) => a - b);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            // A body whose every field is optional may be left out entirely (it reads as {}).
            required: !route.body.safeParse({}).success,
            content: { 'application/json': { schema: { $ref: requestRefs.get(route.body) } } },
          },
        }),
    responses: {
      [String(route.response.status)]: {
        description: route.response.description,
        content: { 'application/json': { schema: { $ref: responseRefs.get(route.response.schema) } } },
      },
      ...Object.fromEntries(failures.map((status) => [String(status), { $ref: `#/components/responses/${FAILURES[status]!.name}` }])),
    },
  };
}

function queryParameter(name: string, schema: z.ZodType): JsonObject {
  const { description, ...json } = withoutSchemaIds(z.toJSONSchema(schema, { io: 'input' }) as JsonObject);
  return {
    name,
    in: 'query',
    required: !schema.safeParse(undefined).success,
    ...(description === undefined ? {} : { description }),
    schema: json,
  };
}

/** OpenAPI embeds schemas in one document: their own $schema and $id would only confuse tools. */
function withoutSchemaIds(schema: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function pascalCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
