import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../../governance/governance.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { FeedbackRecord, Store } from '../../store/store-port.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { parseRequestBody } from './parse-request-body.js';

/** What the gateway accepts as a client's x-request-id (create-request-handler.ts), or its own UUIDs: nothing else names a request. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const requestIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required: the x-request-id of the answer the feedback is about' : 'must be a string: the x-request-id of an answer') })
  .regex(REQUEST_ID, 'must be the x-request-id of an answer: 1–128 letters, digits, ".", "_", ":" or "-"');

/** Strict: a field the endpoint does not read ("comment") is a 400 rather than silently dropped. */
export const FeedbackRequestSchema = z
  .strictObject(
    {
      request_id: requestIdSchema,
      score: z.number({ error: 'must be a number from 0 (bad) to 1 (good)' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').optional(),
      thumbs: z.enum(['up', 'down'], { error: 'must be "up" or "down"' }).optional(),
      label: z.string({ error: 'must be a string' }).max(200, 'must be at most 200 characters').optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}: a feedback request has request_id, score or thumbs, and label`
          : undefined,
    },
  )
  .superRefine((body, context) => {
    if (body.score === undefined && body.thumbs === undefined) {
      context.addIssue({ code: 'custom', path: ['score'], message: 'give either "score" (0 to 1) or "thumbs" ("up" or "down")' });
    } else if (body.score !== undefined && body.thumbs !== undefined) {
      context.addIssue({ code: 'custom', path: ['thumbs'], message: 'give "score" or "thumbs", not both' });
    }
  });

const KIND_NAMES: Record<Store['kind'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * POST /v1/feedback: a score (0–1, or thumbs up = 1 / down = 0) and an optional label on one request,
 * written straight to the store (not the request path of model calls). The request id is not required
 * to be in the request log yet (its row may be queued, or the log off); a virtual key may only rate
 * its own requests, which is checked when the row is known.
 */
export async function handleFeedback(context: RequestContext): Promise<void> {
  const body = await readJsonBody(context.request, context.runtime.config.server.body_limit_bytes);
  const request = parseRequestBody(FeedbackRequestSchema, body, 'feedback request');
  const store = context.runtime.gateway.admin.store;
  const keyId = context.principal.kind === 'virtual' ? context.principal.key.id : undefined;
  const record: FeedbackRecord = {
    id: `fb_${randomBytes(12).toString('base64url')}`,
    requestId: request.request_id,
    at: Date.now(),
    score: request.score ?? (request.thumbs === 'up' ? 1 : 0),
  };
  if (keyId !== undefined) record.keyId = keyId;
  if (request.label !== undefined) record.label = request.label;
  // Served here recently: the record says what it rates, so it counts without waiting for the log row.
  // A virtual key's rating of another key's request is left to the log's check (and never counts).
  const bandit = context.runtime.bandit;
  const known = bandit?.servedArm(request.request_id);
  const served = known !== undefined && (keyId === undefined || known.keyId === keyId) ? known : undefined;
  if (served !== undefined) {
    record.model = served.model;
    record.deployment = served.deployment;
    record.category = served.category;
  }

  await withStore(store, 'read', () => checkOwnRequest(store, context.principal, request.request_id));
  await withStore(store, 'write', () => store.addFeedback(record));
  // After the store has it, so a reload of the totals never misses what was counted here (feedback-posterior.ts).
  if (served !== undefined) bandit?.applyFeedback(served, record.score, record.at);
  sendJson(context.response, 200, { id: record.id, object: 'feedback', request_id: record.requestId, score: record.score, label: record.label ?? null }, context.headers);
}

/**
 * A virtual key's feedback on a request the log knows to be another key's is refused like an unknown
 * id would be. The id the client saw is the row's id, or its own x-request-id (client_request_id, which
 * a client may reuse): any of the key's rows under it will do. Master, static and open callers rate anything.
 */
async function checkOwnRequest(store: Store, principal: Principal, requestId: string): Promise<void> {
  if (principal.kind !== 'virtual') return;
  const keyId = principal.key.id;
  const byId = await store.getRequestLog(requestId);
  if (byId?.keyId === keyId) return;
  if ((await store.queryRequestLogs({ clientRequestId: requestId, keyId, limit: 1 })).length > 0) return;
  const known = byId !== undefined || (await store.queryRequestLogs({ clientRequestId: requestId, limit: 1 })).length > 0;
  if (!known) return;
  throw new GatewayError(
    'GW_ERR_FEEDBACK_REQUEST_NOT_FOUND',
    `No request "${requestId}" made with this key is known. Give feedback with the key that made the request, on the x-request-id of its answer.`,
    { param: 'request_id' },
  );
}

async function withStore<T>(store: Store, access: 'read' | 'write', work: () => Promise<T>): Promise<T> {
  try {
    // Through a promise so a driver that throws synchronously (a closed SQLite handle) is caught too.
    return await Promise.resolve().then(work);
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const what = access === 'read' ? 'the request could not be looked up' : 'the feedback could not be stored';
    throw new GatewayError(
      'GW_ERR_STORE_UNAVAILABLE',
      `The ${KIND_NAMES[store.kind]} database failed (${reason}), so ${what} and nothing was saved. Send the feedback again once the database answers.`,
      { cause: error },
    );
  }
}
