import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

export interface SpawnedGateway {
  process: ChildProcess;
  url: string;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Runs the real `skyroute` command (from source) and waits until it says where it listens. */
export async function spawnSkyroute(args: string[], environment: NodeJS.ProcessEnv = {}, cwd?: string): Promise<SpawnedGateway> {
  // The working directory is set from inside (process.chdir) so the gateway can be shown to not depend on it.
  const launcher = `process.chdir(${JSON.stringify(cwd ?? PROJECT)}); await import(${JSON.stringify(MAIN)});`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', launcher, 'skyroute', ...args], {
    // tsx is resolved from the project; the gateway then runs from `cwd`.
    cwd: PROJECT,
    env: { PATH: process.env.PATH, NODE_OPTIONS: '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`skyroute did not start:\n${stderr}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`skyroute exited with ${code}:\n${stderr}`));
    });
  });
  return { process: child, url, stderr: () => stderr, stdout: () => stdout, exited };
}
