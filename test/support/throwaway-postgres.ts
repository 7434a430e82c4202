import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../bench/free-port.js';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  url: string;
  /** Kills the server at once (`pg_ctl stop -m immediate`: what a crash looks like to clients). */
  kill(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of its own for a test that must stop it (the shared one on :5432 serves every
 * other test): a fresh cluster in a temp directory on a free port, run as the `postgres` user (the
 * server refuses to run as root), trust auth, fsync off. Needs the Debian PostgreSQL binaries.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = join('/usr/lib/postgresql', newestVersion(), 'bin');
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-pg-'));
  const data = join(directory, 'data');
  const port = await freePort();
  const asPostgres = (program: string, args: string[]) => (process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : run(join(bin, program), args));
  if (process.getuid?.() === 0) chownSync(directory, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = async (): Promise<void> => {
    await asPostgres('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(directory, 'log'), '-w', 'start']);
  };
  const kill = async (): Promise<void> => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kill,
    start,
    async destroy() {
      await kill().catch(() => {});
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function newestVersion(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((first, second) => Number(second) - Number(first));
  if (versions[0] === undefined) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return versions[0];
}
