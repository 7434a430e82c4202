import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { readSpillBatch } from './read-spill-batch.js';
import { logRow } from './request-log-test-support.js';
import { parseSpillFileName, SpillFile } from './spill-file.js';

const root = await mkdtemp(join(tmpdir(), 'skyroute-spill-file-'));
after(() => rm(root, { recursive: true, force: true }));

test('appends asked for at once land in order, in a file named after this process', async () => {
  const directory = join(root, 'order', 'spill');
  const spill = new SpillFile(directory);
  const rows = Array.from({ length: 200 }, (_, index) => logRow(index));
  await Promise.all(Array.from({ length: 40 }, (_, index) => spill.append(rows.slice(index * 5, index * 5 + 5))));
  const names = await readdir(directory);
  assert.equal(names.length, 1);
  const name = parseSpillFileName(names[0] as string);
  assert.equal(name?.pid, process.pid);
  assert.equal(name?.segment, 0);
  assert.equal(name?.claim, undefined);
  assert.deepEqual((await readSpillBatch(join(directory, names[0] as string), 0, 1_000)).rows, rows);
});

test('seal claims the segment after the appends before it; later appends start the next segment', async () => {
  const directory = join(root, 'seal');
  const spill = new SpillFile(directory);
  assert.equal(await spill.seal(), undefined, 'nothing written, nothing to seal');
  const append = spill.append([logRow(1), logRow(2)]);
  const sealed = spill.seal();
  const later = spill.append([logRow(3)]);
  await Promise.all([append, later]);
  const path = (await sealed) as string;
  const claimed = parseSpillFileName(basename(path));
  assert.equal(claimed?.segment, 0);
  assert.equal(claimed?.claim?.pid, process.pid);
  assert.deepEqual((await readSpillBatch(path, 0, 10)).rows.map((row) => row.id), ['req-00001', 'req-00002']);
  assert.equal(parseSpillFileName(basename(spill.path))?.segment, 1);
  assert.deepEqual((await readSpillBatch(spill.path, 0, 10)).rows.map((row) => row.id), ['req-00003']);
});

test('a failed append rejects, and the next one starts on a fresh line', async () => {
  const blocker = join(root, 'blocked');
  await writeFile(blocker, 'a file where the directory should be');
  const spill = new SpillFile(join(blocker, 'spill'));
  await assert.rejects(spill.append([logRow(1)]), (error: NodeJS.ErrnoException) => error.code === 'ENOTDIR' || error.code === 'EEXIST');
  await rm(blocker);
  await spill.append([logRow(2)]);
  const text = await readFile(spill.path, 'utf8');
  assert.equal(text, `\n${JSON.stringify(logRow(2))}\n`);
});

test('names that are not spill files are not taken for one', () => {
  assert.equal(parseSpillFileName('notes.txt'), undefined);
  assert.equal(parseSpillFileName('requests-12-34-ab-0.jsonl.tmp'), undefined);
  assert.deepEqual(parseSpillFileName('requests-12-34-ab-5.jsonl.replaying-7-99'), {
    base: 'requests-12-34-ab-5.jsonl',
    pid: 12,
    startedAt: 34,
    segment: 5,
    claim: { pid: 7, at: 99 },
  });
});
