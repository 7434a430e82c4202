import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, test } from 'node:test';
import { claimSpillFiles } from './claim-spill-files.js';
import { deadPid, spillName } from './request-log-test-support.js';
import { parseSpillFileName } from './spill-file.js';

const root = await mkdtemp(join(tmpdir(), 'skyroute-claim-spill-'));
after(() => rm(root, { recursive: true, force: true }));

test('files of processes that are gone are claimed, oldest first; files of live ones are left alone', async () => {
  const directory = join(root, 'mixed');
  const gone = deadPid();
  const beforeThisProcess = Math.floor(performance.timeOrigin) - 60_000;
  const sinceThisProcess = Date.now();
  const files = {
    goneNewer: spillName(gone, 3_000),
    goneOlder: spillName(gone, 1_000, 1),
    goneOlderFirstSegment: spillName(gone, 1_000, 0),
    // Died while replaying: claimable again.
    replayerGone: spillName(12_345_678, 2_000, 0, { pid: gone, at: 5_000 }),
    // This pid, before this process started: an earlier process that had the same pid (a container restart).
    earlierIncarnation: spillName(process.pid, beforeThisProcess),
    // Alive: the parent process, and another writer in this very process.
    parent: spillName(process.ppid, 500),
    sibling: spillName(process.pid, sinceThisProcess),
    replayedByParent: spillName(gone, 400, 0, { pid: process.ppid, at: 600 }),
    unrelated: 'notes.txt',
  };
  await mkdir(directory);
  for (const name of Object.values(files)) await writeFile(join(directory, name), '');

  const claimedFrom = Date.now();
  const claimed = await claimSpillFiles(directory);
  assert.deepEqual(
    claimed.map((path) => parseSpillFileName(basename(path))?.base),
    [
      parseSpillFileName(files.goneOlderFirstSegment)?.base,
      parseSpillFileName(files.goneOlder)?.base,
      parseSpillFileName(files.replayerGone)?.base,
      parseSpillFileName(files.goneNewer)?.base,
      parseSpillFileName(files.earlierIncarnation)?.base,
    ],
  );
  for (const path of claimed) {
    const claim = parseSpillFileName(basename(path))?.claim;
    assert.equal(claim?.pid, process.pid);
    assert.ok(claim !== undefined && claim.at >= claimedFrom && claim.at <= Date.now());
  }
  const left = (await readdir(directory)).sort();
  const expectedLeft = [files.parent, files.sibling, files.replayedByParent, files.unrelated, ...claimed.map((path) => basename(path))].sort();
  assert.deepEqual(left, expectedLeft);
  // Claimed by this process now: nobody else here takes them again.
  assert.deepEqual(await claimSpillFiles(directory), []);
});

test('when two claims race for the same files, each file goes to exactly one of them', async () => {
  const directory = join(root, 'race');
  await mkdir(directory);
  const gone = deadPid();
  for (let index = 0; index < 50; index += 1) await writeFile(join(directory, spillName(gone, 1_000 + index)), '');
  const [first, second] = await Promise.all([claimSpillFiles(directory), claimSpillFiles(directory)]);
  const bases = [...first, ...second].map((path) => parseSpillFileName(basename(path))?.base);
  assert.equal(bases.length, 50);
  assert.equal(new Set(bases).size, 50);
});

test('a missing directory has nothing to claim', async () => {
  assert.deepEqual(await claimSpillFiles(join(root, 'absent')), []);
});
