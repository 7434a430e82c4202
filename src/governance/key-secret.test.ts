import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { generateKeySecret, hashSecret, KEY_PREFIX, newRecordId, previewOf } from './key-secret.js';

test('a new key is prefixed, random, stored only as its SHA-256, and previewed by its ends', () => {
  const first = generateKeySecret();
  const second = generateKeySecret();
  assert.ok(first.secret.startsWith(KEY_PREFIX));
  assert.match(first.secret, /^sk-sr-[A-Za-z0-9_-]{43}$/);
  assert.notEqual(first.secret, second.secret);
  assert.equal(first.hash, createHash('sha256').update(first.secret).digest('hex'));
  assert.equal(hashSecret(first.secret), first.hash);
  assert.equal(first.preview, `${first.secret.slice(0, 9)}…${first.secret.slice(-4)}`);
  assert.ok(!first.preview.includes(first.secret.slice(9, -4)));
  assert.equal(previewOf('short-key-1'), '…ey-1');
  assert.match(newRecordId('team'), /^team_[A-Za-z0-9_-]{16}$/);
});
