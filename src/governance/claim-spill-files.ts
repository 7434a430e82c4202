import { readdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { claimedName, parseSpillFileName, type SpillFileName } from './spill-file.js';

/**
 * Claims, for this process, the spill files in `directory` that nobody alive is using, and answers their
 * new paths, oldest first (by the start time of the writer that spilled them, then segment).
 *
 * A file is free when the process named in it is gone: the writer's pid for a written file, the claimer's
 * pid for a file in `replaying` state (a process that died mid-replay). The claim is a rename, which is
 * atomic within one file system: when two processes race for a file, one rename wins and the other finds
 * the name gone, so no file is ever replayed by two processes.
 *
 * "Gone" is decided with signal 0 (`process.kill(pid, 0)`), so the processes sharing the directory must
 * share a pid namespace (one machine, one container; the directory is `<data_dir>/spill`, which is local).
 * A file naming this very pid was left by an earlier process that had the same pid (containers restart as
 * pid 1) when its time is before this process started; otherwise another writer in this process owns it.
 * A dead process's pid reused by an unrelated live process keeps that file waiting until the pid is free
 * again (its rows stay on disk, nothing is lost; renaming it to its written name frees it by hand).
 */
export async function claimSpillFiles(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const claimed: string[] = [];
  for (const fileName of names) {
    const name = parseSpillFileName(fileName);
    if (name === undefined) continue;
    const holder = name.claim ?? { pid: name.pid, at: name.startedAt };
    if (isAlive(holder.pid, holder.at)) continue;
    const path = join(directory, claimedName(name.base));
    try {
      await rename(join(directory, fileName), path);
    } catch (error) {
      // Another process claimed it first.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    claimed.push(path);
  }
  return sortSpillFiles(claimed);
}

/** Oldest first: by the start time of the writer that spilled them, then pid, then segment. */
export function sortSpillFiles(paths: string[]): string[] {
  const named = paths.map((path) => ({ path, name: parseSpillFileName(basename(path)) as SpillFileName }));
  named.sort((a, b) => a.name.startedAt - b.name.startedAt || a.name.pid - b.name.pid || a.name.segment - b.name.segment || (a.path < b.path ? -1 : 1));
  return named.map((file) => file.path);
}

/** Whether the process with `pid` that named a file at time `at` may still be using it. */
function isAlive(pid: number, at: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return at >= Math.floor(performance.timeOrigin);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
