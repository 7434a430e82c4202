import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

export interface StartedProcess {
  name: string;
  /** The pid of the program itself (taskset execs it, so this is node's pid, not taskset's). */
  pid: number;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr, kept for error messages (last 64 KiB). */
  output(): string;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  /** CPU core to pin to with `taskset -c`. */
  core: number;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Every child process the benchmark starts, so that all of them are stopped whatever happens:
 * `stopAll()` on the normal path, and a synchronous SIGKILL from the process `exit` hook if the
 * harness dies (uncaught error, SIGINT, SIGTERM).
 */
export class ProcessGroup {
  private readonly running = new Set<StartedProcess>();

  constructor() {
    process.on('exit', () => {
      for (const started of this.running) {
        try {
          process.kill(started.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }

  start(options: SpawnOptions): StartedProcess {
    const child = spawn('taskset', ['-c', String(options.core), options.command, ...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return this.adopt(options.name, child);
  }

  /** Tracks a child started elsewhere (the load generator), so it is stopped with the rest. */
  adopt(name: string, child: ChildProcess): StartedProcess {
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    let output = '';
    const keep = (chunk: Buffer | string): void => {
      output += chunk.toString();
      if (output.length > 65_536) output = output.slice(-65_536);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const started: StartedProcess = {
      name,
      pid: child.pid,
      child,
      output: () => output,
      exited: new Promise((resolve) => {
        child.once('exit', (code) => {
          this.running.delete(started);
          resolve(code);
        });
        child.once('error', () => {
          this.running.delete(started);
          resolve(null);
        });
      }),
    };
    this.running.add(started);
    return started;
  }

  /** Resolves once something accepts TCP connections on 127.0.0.1:port; fails if the process exits first. */
  async waitForPort(started: StartedProcess, port: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void started.exited.then(() => {
      exited = true;
    });
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${started.name} exited before listening on ${port}:\n${started.output()}`);
      if (await canConnect(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${started.name} did not listen on ${port} within ${timeoutMs} ms:\n${started.output()}`);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(started: StartedProcess, graceMs = 5_000): Promise<void> {
    if (!this.running.has(started)) return;
    started.child.kill('SIGTERM');
    const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs);
    await started.exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((started) => this.stop(started)));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
