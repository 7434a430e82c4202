import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FloorVariant, Target } from './bench-settings.js';
import { freePort } from './free-port.js';
import type { ProcessGroup, StartedProcess } from './process-group.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const simProfiles = fileURLToPath(new URL('./sim-profiles.yaml', import.meta.url));
const gatewayConfig = fileURLToPath(new URL('./gateway.yaml', import.meta.url));
const governedConfig = fileURLToPath(new URL('./gateway-governed.yaml', import.meta.url));
/** The master key in gateway-governed.yaml. */
const GOVERNED_MASTER_KEY = 'bench-master-key-0123456789';

/** Core 0: the process under test. Core 1: the simulator and the load generator. */
export const targetCore = 0;
export const loadCore = 1;

export interface RunningTarget {
  target: Target;
  /** The chat completions URL the client calls. */
  url: string;
  /** The process whose CPU and memory are reported: the simulator itself for `direct`. */
  underTest: StartedProcess;
  simulator: StartedProcess;
  /** The model name to send for an upstream model of the simulator (`sim/<model>` through the gateway). */
  model(upstreamModel: string): string;
  /** The Authorization header the client sends (target `governed`: a virtual key with limits and a budget). */
  authorization?: string;
  stop(): Promise<void>;
}

export interface StartTargetOptions {
  target: Target;
  floorVariant: FloorVariant;
  /** The compiled floor proxy (see compile-bench-file.ts). */
  floorScript: string;
  gatewayNodeFlags: string[];
}

/** Starts a fresh simulator (core 1) and, unless the target is `direct`, the proxy or gateway in front of it (core 0). */
export async function startTarget(group: ProcessGroup, options: StartTargetOptions): Promise<RunningTarget> {
  const simPort = await freePort();
  const simulator = group.start({
    name: 'simulator',
    core: loadCore,
    command: process.execPath,
    args: [cli, 'simulate', '--port', String(simPort), '--profiles', simProfiles],
    cwd: repoRoot,
  });
  const started: StartedProcess[] = [simulator];
  const stop = async (): Promise<void> => {
    for (const child of [...started].reverse()) await group.stop(child);
  };
  try {
    await group.waitForPort(simulator, simPort);
    if (options.target === 'direct') {
      return {
        target: 'direct',
        url: `http://127.0.0.1:${simPort}/v1/chat/completions`,
        underTest: simulator,
        simulator,
        model: (upstreamModel) => upstreamModel,
        stop,
      };
    }
    const port = await freePort();
    // A fresh database and Redis prefix per window, so no window inherits another's log or counters.
    const runId = `${process.pid}-${Date.now()}`;
    const governedEnvironment =
      options.target === 'governed' ? { SKYROUTE_BENCH_DATABASE: join(tmpdir(), `skyroute-bench-${runId}.db`), SKYROUTE_BENCH_PREFIX: `skyroute-bench:${runId}:` } : {};
    const underTest =
      options.target === 'floor'
        ? group.start({
            name: 'floor proxy',
            core: targetCore,
            command: process.execPath,
            args: [options.floorScript, '--port', String(port), '--upstream', `http://127.0.0.1:${simPort}`, '--variant', options.floorVariant],
            cwd: repoRoot,
          })
        : group.start({
            name:
              options.target === 'anthropic'
                ? 'gateway (anthropic upstream)'
                : options.target === 'hybrid10'
                  ? 'gateway (hybrid over 10 deployments)'
                  : options.target === 'governed'
                    ? 'gateway (virtual key, budget, RPM/TPM in Redis, request log in SQLite)'
                    : 'gateway',
            core: targetCore,
            command: process.execPath,
            args: [...options.gatewayNodeFlags, cli, 'start', '--config', options.target === 'governed' ? governedConfig : gatewayConfig, '--port', String(port)],
            cwd: repoRoot,
            env: { ...process.env, SKYROUTE_BENCH_SIM_PORT: String(simPort), ...governedEnvironment },
          });
    started.push(underTest);
    await group.waitForPort(underTest, port);
    const authorization = options.target === 'governed' ? `Bearer ${await createBenchKey(`http://127.0.0.1:${port}`)}` : undefined;
    return {
      target: options.target,
      url: `http://127.0.0.1:${port}/v1/chat/completions`,
      underTest,
      simulator,
      model: (upstreamModel) => {
        if (options.target === 'hybrid10') {
          // The group's 10 deployments all serve the simulator's `bench` model (bench/gateway.yaml).
          if (upstreamModel !== 'bench') throw new Error(`target hybrid10 serves only the simulator model bench, not ${upstreamModel}`);
          return 'hybrid10';
        }
        return options.target === 'gateway' || options.target === 'governed' ? `sim/${upstreamModel}` : options.target === 'anthropic' ? `simanthropic/${upstreamModel}` : upstreamModel;
      },
      ...(authorization === undefined ? {} : { authorization }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A virtual key whose budget and limits the load cannot reach: every check runs, none refuses. */
async function createBenchKey(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GOVERNED_MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', rpm: 10_000_000, tpm: 10_000_000_000, budgets: [{ period: 'month', limit_usd: 1_000_000 }] }),
  });
  const created = (await response.json()) as { key?: string };
  if (!response.ok || created.key === undefined) throw new Error(`could not create the bench key: ${response.status} ${JSON.stringify(created)}`);
  return created.key;
}
