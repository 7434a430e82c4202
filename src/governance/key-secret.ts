import { createHash, randomBytes } from 'node:crypto';

/** Every virtual key starts with this, so people (and secret scanners) can tell what it is. */
export const KEY_PREFIX = 'sk-sr-';

export interface KeySecret {
  /** Shown once, to whoever created the key; never stored. */
  secret: string;
  /** What the store keeps: SHA-256 of the secret, hex. */
  hash: string;
  /** The first characters and the last four, for people to recognise a key in lists ("sk-sr-AbC…wXyZ"). */
  preview: string;
}

/** A new virtual key: 256 random bits, URL-safe. */
export function generateKeySecret(): KeySecret {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret), preview: previewOf(secret) };
}

/**
 * SHA-256, hex. A key has 256 random bits, so a plain fast hash is the right one (a slow password hash
 * would only cost every request); lookups by hash also say nothing about the key through their timing.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function previewOf(secret: string): string {
  return secret.length <= 14 ? `…${secret.slice(-4)}` : `${secret.slice(0, 9)}…${secret.slice(-4)}`;
}

/** An id for a stored record: `<kind>_` and 96 random bits (not secret; unguessable anyway). */
export function newRecordId(kind: 'key' | 'team'): string {
  return `${kind}_${randomBytes(12).toString('base64url')}`;
}
