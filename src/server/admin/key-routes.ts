import { generateKeySecret, hashSecret, newRecordId } from '../../governance/key-secret.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { KeyPatch, KeyRecord, Store } from '../../store/store-port.js';
import { CreateKeyBody, ListKeysQuery, RevokeBySecretBody, RotateKeyBody, UpdateKeyBody } from './admin-input-schemas.js';
import { keyJson } from './admin-json.js';
import { checkTeamReference, requireKey } from './admin-lookups.js';
import { KeyJson, KeyListJson, NewKeyJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';
import { applyLimitsInput } from './apply-limits-input.js';

/** /admin/keys: virtual keys. The secret is made here, shown once (create, rotate) and stored only as its hash. */
export const keyRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'POST',
    path: '/admin/keys',
    operationId: 'createKey',
    tag: 'keys',
    summary: 'Create a virtual key',
    description: 'Answers the new secret in `key`: it is shown only here (and by rotate); the gateway keeps only its hash.',
    body: CreateKeyBody,
    response: { status: 201, description: 'The key, with its secret.', schema: NewKeyJson },
    failures: [409],
    async handle({ body, admin, now }) {
      if (body.expires_at !== undefined && body.expires_at <= now) {
        throw new GatewayError('GW_ERR_ADMIN_INVALID', 'expires_at: the time is already past; a new key must expire in the future (or leave expires_at out).', {
          param: 'expires_at',
        });
      }
      if (body.team_id !== undefined) await checkTeamReference(admin.store, body.team_id);
      const secret = generateKeySecret();
      const key: KeyRecord = {
        id: newRecordId('key'),
        name: body.name,
        hash: secret.hash,
        preview: secret.preview,
        limits: applyLimitsInput({}, body),
        metadata: body.metadata ?? {},
        tags: body.tags ?? [],
        createdAt: now,
        updatedAt: now,
      };
      if (body.team_id !== undefined) key.teamId = body.team_id;
      if (body.expires_at !== undefined) key.expiresAt = body.expires_at;
      await admin.store.insertKey(key);
      admin.keysChanged();
      return { key: secret.secret, ...(await keyJson(admin.store, key, now)) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/keys',
    operationId: 'listKeys',
    tag: 'keys',
    summary: 'List keys, newest first',
    query: ListKeysQuery,
    response: { status: 200, description: 'One page of keys.', schema: KeyListJson },
    async handle({ query, admin, now }) {
      const keys = await admin.store.listKeys({
        limit: query.limit + 1, // one more than the page: whether a next page exists, without a count
        includeRevoked: query.include_revoked === 'true',
        ...(query.team_id === undefined ? {} : { teamId: query.team_id }),
        ...(query.before === undefined ? {} : { before: query.before }),
      });
      const page = keys.slice(0, query.limit);
      return {
        data: await Promise.all(page.map((key) => keyJson(admin.store, key, now))),
        next_before: keys.length > query.limit ? page[page.length - 1]!.id : null,
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/keys/revoke',
    operationId: 'revokeKeyBySecret',
    tag: 'keys',
    summary: 'Revoke a key named by its secret',
    description:
      'For a secret found in the wild. The current secret revokes the key; the previous secret of a key rotated with a grace period ends that grace period only (the current secret keeps working).',
    body: RevokeBySecretBody,
    response: { status: 200, description: 'The key as it is now.', schema: KeyJson },
    failures: [404],
    async handle({ body, admin, now }) {
      const hash = hashSecret(body.key);
      const key = await admin.store.findKeyByHash(hash, now);
      if (key === undefined) {
        throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No key has the secret ending in "${body.key.slice(-4)}" (or it was the previous secret of a key whose grace period is over).`);
      }
      const patch: KeyPatch = key.hash === hash ? { revokedAt: key.revokedAt ?? now } : { previousHash: null, previousValidUntil: null };
      const updated = key.hash === hash && key.revokedAt !== undefined ? key : await updateKey(admin.store, key.id, patch, now);
      admin.keysChanged();
      return keyJson(admin.store, updated, now);
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/keys/{id}',
    operationId: 'getKey',
    tag: 'keys',
    summary: 'Get a key',
    response: { status: 200, description: 'The key.', schema: KeyJson },
    failures: [404],
    async handle({ params, admin, now }) {
      return keyJson(admin.store, await requireKey(admin.store, params.id!), now);
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/admin/keys/{id}',
    operationId: 'updateKey',
    tag: 'keys',
    summary: 'Change a key',
    description: 'Absent fields stay as they are; null clears an optional one (models: null allows every model). Limits take effect on every replica within governance.refresh_ms.',
    body: UpdateKeyBody,
    response: { status: 200, description: 'The key as it is now.', schema: KeyJson },
    failures: [404, 409],
    async handle({ params, body, admin, now }) {
      const current = await requireKey(admin.store, params.id!);
      if (typeof body.team_id === 'string') await checkTeamReference(admin.store, body.team_id);
      const patch: KeyPatch = { limits: applyLimitsInput(current.limits, body) };
      if (body.name !== undefined) patch.name = body.name;
      if (body.team_id !== undefined) patch.teamId = body.team_id;
      if (body.metadata !== undefined) patch.metadata = body.metadata ?? {};
      if (body.tags !== undefined) patch.tags = body.tags ?? [];
      if (body.expires_at !== undefined) patch.expiresAt = body.expires_at;
      const updated = await updateKey(admin.store, current.id, patch, now);
      admin.keysChanged();
      return keyJson(admin.store, updated, now);
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/keys/{id}/revoke',
    operationId: 'revokeKey',
    tag: 'keys',
    summary: 'Revoke a key',
    description: 'The key stops working on every replica within governance.refresh_ms. Revoking twice keeps the first time.',
    response: { status: 200, description: 'The key as it is now.', schema: KeyJson },
    failures: [404],
    async handle({ params, admin, now }) {
      const current = await requireKey(admin.store, params.id!);
      const updated = current.revokedAt !== undefined ? current : await updateKey(admin.store, current.id, { revokedAt: now }, now);
      admin.keysChanged();
      return keyJson(admin.store, updated, now);
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/admin/keys/{id}/rotate',
    operationId: 'rotateKey',
    tag: 'keys',
    summary: 'Give a key a new secret',
    description:
      'Answers the new secret in `key` (shown only here). The old secret keeps working for grace_seconds (default 0), so clients can switch without an outage; a secret from an earlier rotation stops at once.',
    body: RotateKeyBody,
    response: { status: 200, description: 'The key, with its new secret.', schema: NewKeyJson },
    failures: [404],
    async handle({ params, body, admin, now }) {
      const current = await requireKey(admin.store, params.id!);
      if (current.revokedAt !== undefined) {
        throw new GatewayError('GW_ERR_ADMIN_INVALID', `The key "${current.id}" is revoked, and a revoked key cannot be rotated; create a new key instead (POST /admin/keys).`);
      }
      const secret = generateKeySecret();
      const grace = body.grace_seconds * 1000;
      const updated = await updateKey(
        admin.store,
        current.id,
        {
          hash: secret.hash,
          preview: secret.preview,
          previousHash: grace > 0 ? current.hash : null,
          previousValidUntil: grace > 0 ? now + grace : null,
        },
        now,
      );
      admin.keysChanged();
      return { key: secret.secret, ...(await keyJson(admin.store, updated, now)) };
    },
  }),
];

/** updateKey, where "no such key" (deleted between our read and this write) is the 404 it is. */
async function updateKey(store: Store, id: string, patch: KeyPatch, now: number): Promise<KeyRecord> {
  const updated = await store.updateKey(id, patch, now);
  if (updated === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No key has the id "${id}"; GET /admin/keys?include_revoked=true lists them.`);
  return updated;
}
