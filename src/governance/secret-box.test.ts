import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SecretBox } from './secret-box.js';

test('sealed secrets open only with the same key and context, and never contain the clear text', () => {
  const hexKey = randomBytes(32).toString('hex');
  const box = SecretBox.fromKeyText(hexKey)!;
  const sealed = box.seal('sk-live-provider-secret', 'openai-prod');
  assert.match(sealed, /^v1:[A-Za-z0-9+/=]+$/);
  assert.ok(!sealed.includes('sk-live'));
  assert.notEqual(box.seal('sk-live-provider-secret', 'openai-prod'), sealed, 'a fresh IV each time');
  assert.equal(box.open(sealed, 'openai-prod'), 'sk-live-provider-secret');
  assert.throws(() => box.open(sealed, 'other-name'), /does not open/);
  const sameKeyAsBase64 = SecretBox.fromKeyText(Buffer.from(hexKey, 'hex').toString('base64'))!;
  assert.equal(sameKeyAsBase64.open(sealed, 'openai-prod'), 'sk-live-provider-secret');
  assert.throws(() => SecretBox.fromKeyText(randomBytes(32).toString('base64'))!.open(sealed, 'openai-prod'), /does not open/);
  const altered = `v1:${Buffer.from(Buffer.from(sealed.slice(3), 'base64').map((byte, index) => (index === 40 ? byte ^ 1 : byte))).toString('base64')}`;
  assert.throws(() => box.open(altered, 'openai-prod'), /does not open/);
});

test('the key text must be 32 bytes; unset means no box', () => {
  assert.equal(SecretBox.fromKeyText(undefined), undefined);
  assert.equal(SecretBox.fromKeyText('  '), undefined);
  assert.throws(() => SecretBox.fromKeyText('passw0rd'), /32 random bytes.*openssl rand -base64 32/);
  assert.throws(() => SecretBox.fromKeyText('ab'.repeat(31)), /32 random bytes/);
});
