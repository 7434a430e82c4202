import type { KeyTable } from './database-schema.js';
import type { KeyPatch, KeyRecord } from './store-port.js';

export function keyToRow(key: KeyRecord): KeyTable {
  return {
    id: key.id,
    name: key.name,
    hash: key.hash,
    preview: key.preview,
    team_id: key.teamId ?? null,
    limits: JSON.stringify(key.limits),
    metadata: JSON.stringify(key.metadata),
    tags: JSON.stringify(key.tags),
    expires_at: key.expiresAt ?? null,
    revoked_at: key.revokedAt ?? null,
    previous_hash: key.previousHash ?? null,
    previous_valid_until: key.previousValidUntil ?? null,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
  };
}

/** The columns a patch sets: absent fields are left out, `null` clears. */
export function keyPatchToRow(patch: KeyPatch): Partial<KeyTable> {
  const row: Partial<KeyTable> = {};
  if (patch.name !== undefined) row.name = patch.name;
  if (patch.hash !== undefined) row.hash = patch.hash;
  if (patch.preview !== undefined) row.preview = patch.preview;
  if (patch.limits !== undefined) row.limits = JSON.stringify(patch.limits);
  if (patch.metadata !== undefined) row.metadata = JSON.stringify(patch.metadata);
  if (patch.tags !== undefined) row.tags = JSON.stringify(patch.tags);
  if (patch.teamId !== undefined) row.team_id = patch.teamId;
  if (patch.expiresAt !== undefined) row.expires_at = patch.expiresAt;
  if (patch.revokedAt !== undefined) row.revoked_at = patch.revokedAt;
  if (patch.previousHash !== undefined) row.previous_hash = patch.previousHash;
  if (patch.previousValidUntil !== undefined) row.previous_valid_until = patch.previousValidUntil;
  return row;
}

export function keyFromRow(row: KeyTable): KeyRecord {
  const key: KeyRecord = {
    id: row.id,
    name: row.name,
    hash: row.hash,
    preview: row.preview,
    limits: JSON.parse(row.limits) as KeyRecord['limits'],
    metadata: JSON.parse(row.metadata) as KeyRecord['metadata'],
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  // Absent, not undefined: a record read back equals the one written (deepStrictEqual tells them apart).
  if (row.team_id !== null) key.teamId = row.team_id;
  if (row.expires_at !== null) key.expiresAt = row.expires_at;
  if (row.revoked_at !== null) key.revokedAt = row.revoked_at;
  if (row.previous_hash !== null) key.previousHash = row.previous_hash;
  if (row.previous_valid_until !== null) key.previousValidUntil = row.previous_valid_until;
  return key;
}
