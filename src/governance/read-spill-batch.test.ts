import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readSpillBatch } from './read-spill-batch.js';
import { jsonLines, logRow } from './request-log-test-support.js';

const directory = await mkdtemp(join(tmpdir(), 'skyroute-read-spill-'));
after(() => rm(directory, { recursive: true, force: true }));

test('batches follow each other by offset until the file is done', async () => {
  const rows = Array.from({ length: 7 }, (_, index) => logRow(index));
  const path = join(directory, 'seven.jsonl');
  await writeFile(path, jsonLines(rows));
  const ids: string[][] = [];
  let offset = 0;
  let done = false;
  while (!done) {
    const batch = await readSpillBatch(path, offset, 3);
    ids.push(batch.rows.map((row) => row.id));
    assert.deepEqual(batch.unreadableAt, []);
    assert.equal(batch.truncatedEnd, false);
    offset = batch.nextOffset;
    done = batch.done;
  }
  assert.deepEqual(ids, [rows.slice(0, 3), rows.slice(3, 6), rows.slice(6)].map((part) => part.map((row) => row.id)));
  assert.deepEqual((await readSpillBatch(path, 0, 100)).rows, rows);
});

test('a batch that ends exactly at the end of the file says it is done', async () => {
  const path = join(directory, 'six.jsonl');
  await writeFile(path, jsonLines(Array.from({ length: 6 }, (_, index) => logRow(index))));
  const first = await readSpillBatch(path, 0, 3);
  assert.equal(first.done, false);
  const second = await readSpillBatch(path, first.nextOffset, 3);
  assert.equal(second.rows.length, 3);
  assert.equal(second.done, true);
});

test('a truncated last line is reported and skipped; damaged and blank lines in the middle too', async () => {
  const rows = [logRow(1), logRow(2), logRow(3)];
  const damaged = '{"id":"req-x","at":12';
  const text = `${JSON.stringify(rows[0])}\n\n${damaged}}}}\n["not a row"]\n${JSON.stringify(rows[1])}\n${JSON.stringify(rows[2])}\n{"id":"req-cut","at":17360`;
  const path = join(directory, 'damaged.jsonl');
  await writeFile(path, text);
  const batch = await readSpillBatch(path, 0, 100);
  assert.deepEqual(batch.rows, rows);
  assert.equal(batch.truncatedEnd, true);
  assert.equal(batch.done, true);
  const firstDamaged = Buffer.byteLength(`${JSON.stringify(rows[0])}\n\n`);
  assert.deepEqual(batch.unreadableAt, [firstDamaged, firstDamaged + Buffer.byteLength(`${damaged}}}}\n`)]);
  assert.equal(batch.nextOffset, Buffer.byteLength(text));
});

test('a complete last row without its newline is a row', async () => {
  const path = join(directory, 'no-newline.jsonl');
  await writeFile(path, JSON.stringify(logRow(9)));
  const batch = await readSpillBatch(path, 0, 10);
  assert.deepEqual(batch.rows, [logRow(9)]);
  assert.equal(batch.truncatedEnd, false);
});

test('rows larger than a read chunk, with multi-byte characters across chunk edges, come back equal', async () => {
  const rows = Array.from({ length: 4 }, (_, index) => logRow(index, { requestBody: `${'é🙂'.repeat(20_000 + index)}`, responseBody: 'ok' }));
  const path = join(directory, 'large.jsonl');
  await writeFile(path, jsonLines(rows));
  const first = await readSpillBatch(path, 0, 3);
  const second = await readSpillBatch(path, first.nextOffset, 3);
  assert.deepEqual([...first.rows, ...second.rows], rows);
  assert.equal(second.done, true);
});
