import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from './error-codes.js';

const documentation = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

test('every error code is documented in docs/errors.md with its status, type and retryability', () => {
  for (const [code, definition] of Object.entries(ERROR_CODES)) {
    const row = documentation.split('\n').find((line) => line.startsWith(`| \`${code}\``));
    assert.ok(row, `${code} has no row in docs/errors.md`);
    const cells = row.split('|').map((cell) => cell.trim());
    assert.match(cells[2]!, new RegExp(`^${definition.status}`), `${code}: documented status differs`);
    assert.equal(cells[3], definition.type, `${code}: documented type differs`);
    assert.equal(cells[4], definition.retryable ? 'yes' : 'no', `${code}: documented retryability differs`);
  }
});

test('docs/errors.md lists no code that does not exist', () => {
  const documented = [...documentation.matchAll(/^\| `(GW_ERR_[A-Z_]+)`/gm)].map((match) => match[1]);
  for (const code of documented) assert.ok(code! in ERROR_CODES, `docs/errors.md documents unknown code ${code}`);
});
