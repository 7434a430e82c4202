import cluster from 'node:cluster';
import { watch, type FSWatcher } from 'node:fs';
import { createApp } from '../app.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { ConfigError } from '../config/config-error.js';
import { buildDemoConfig } from '../config/demo-config.js';
import { loadConfigFile, type LoadedConfig } from '../config/load-config.js';
import { buildZeroConfig } from '../config/zero-config.js';
import { startSimulator, type RunningSimulator } from '../simulator/start-simulator.js';
import { createLogger } from '../telemetry/create-logger.js';
import { checkWorkersShareState, runWorkers } from './run-workers.js';

export interface StartOptions {
  config?: string;
  port?: number;
  host?: string;
  demo?: boolean;
  /** Worker processes (node:cluster) sharing the port; 1: this process serves. */
  workers?: number;
}

/** Set in the workers of `--workers N`: the demo simulator the primary runs (the workers share it). */
const WORKER_SIMULATOR_URL = 'SKYROUTE_WORKER_SIMULATOR_URL';

/** `skyroute start`: loads the config (file, else environment keys, else the demo), serves, reloads, shuts down gracefully. */
export async function startCommand(options: StartOptions, environment: NodeJS.ProcessEnv = process.env): Promise<void> {
  const configPath = options.config ?? (environment.SKYROUTE_CONFIG || undefined);
  let simulator: RunningSimulator | undefined;
  let mode: 'file' | 'environment' | 'demo';
  let loaded: LoadedConfig | undefined;
  const baseDirectory = process.cwd();

  if (options.demo !== true && configPath !== undefined) {
    loaded = loadConfigFile(configPath, environment);
    mode = 'file';
  } else if (options.demo !== true) {
    loaded = buildZeroConfig(environment, loadCatalog(), baseDirectory);
    mode = 'environment';
  } else {
    mode = 'demo';
  }
  const workers = options.workers ?? 1;
  const primary = workers > 1 && cluster.isPrimary;
  if (loaded === undefined) {
    mode = 'demo';
    let simulatorUrl = cluster.isWorker ? environment[WORKER_SIMULATOR_URL] : undefined;
    if (simulatorUrl === undefined) {
      simulator = await startSimulator({ seed: Number(environment.SKYROUTE_SIM_SEED ?? 42) });
      simulatorUrl = simulator.url;
    }
    const keys = environment.SKYROUTE_KEY ? [environment.SKYROUTE_KEY] : [];
    loaded = buildDemoConfig(simulatorUrl, { baseDirectory, environment, tree: { auth: { keys } } });
  }
  applyOverrides(loaded, options, environment);

  const logger = createLogger({ level: loaded.config.logging.level });
  if (primary) {
    checkWorkersShareState(loaded.config, workers);
    const { host, port } = loaded.config.server;
    process.stderr.write(`Skyroute: ${workers} workers listening on http://${host}:${port}  (OpenAI-compatible: http://${host}:${port}/v1)\n`);
    logger.info({ workers, mode }, 'skyroute primary started');
    return runWorkers(workers, { ...environment, ...(simulator === undefined ? {} : { [WORKER_SIMULATOR_URL]: simulator.url }) }, logger);
  }
  // A worker's /metrics answers for every worker: it asks the primary (runWorkers) over the IPC channel.
  const app = await createApp({ loaded, environment, logger, ...(cluster.isWorker ? { metricsChannel: process } : {}) });
  let url: string;
  try {
    url = await app.listen();
  } catch (error) {
    await app.close();
    await simulator?.close();
    throw new ConfigError(`cannot listen on ${loaded.config.server.host}:${loaded.config.server.port}: ${(error as Error).message}`);
  }

  const banner = [`Skyroute is listening on ${url}  (OpenAI-compatible: ${url}/v1)`];
  if (mode === 'demo') {
    banner.push(
      options.demo === true
        ? 'DEMO MODE (--demo): serving simulated providers only.'
        : 'DEMO MODE: no config file and no provider key (OPENAI_API_KEY, GROQ_API_KEY, DEEPSEEK_API_KEY, ARK_API_KEY, …) is set, so simulated providers are served.',
      'Models: sim/fast (cheap, quick), sim/smart (dearer, slower, reasons), sim/vision (accepts images), sim/embed (embeddings).',
      `Try: curl ${url}/v1/chat/completions -d '{"model":"sim/fast","messages":[{"role":"user","content":"Hello"}]}'`,
    );
  } else if (mode === 'environment') {
    banner.push(`Providers from the environment: ${Object.keys(loaded.config.providers).join(', ')} (no config file).`);
  } else {
    banner.push(`Config: ${loaded.path}`);
  }
  banner.push(
    loaded.config.auth.master_key === undefined
      ? `Dashboard: ${url}/ui/ (set SKYROUTE_MASTER_KEY or auth.master_key to sign in).`
      : `Dashboard: ${url}/ui/ (sign in with the master key).`,
  );
  if (loaded.config.auth.keys.length === 0 && loaded.config.auth.master_key === undefined) {
    banner.push(
      `WARNING: no client keys are configured (auth.keys), so the gateway is OPEN: anyone who can reach ${loaded.config.server.host}:${app.runtime().config.server.port} can use it and spend on your provider keys.`,
    );
    logger.warn('no client keys configured: the gateway is open');
  }
  if (!cluster.isWorker || cluster.worker?.id === 1) process.stderr.write(`${banner.join('\n')}\n`);
  logger.info({ url, mode, providers: Object.keys(loaded.config.providers) }, 'skyroute started');

  let watcher: FSWatcher | undefined;
  const reload = (reason: string): void => {
    if (loaded?.path === undefined) return;
    try {
      const next = loadConfigFile(loaded.path, environment);
      applyOverrides(next, options, environment);
      if (next.config.server.port !== loaded.config.server.port || next.config.server.host !== loaded.config.server.host) {
        logger.warn('server.host and server.port changes take effect on restart');
      }
      app.reload(next);
      loaded = next;
      logger.info({ reason }, 'config reloaded');
    } catch (error) {
      logger.error({ reason, err: (error as Error).message }, 'config reload failed; keeping the previous config');
    }
  };
  if (mode === 'file' && loaded.path !== undefined) {
    let debounce: NodeJS.Timeout | undefined;
    watcher = watch(loaded.path, () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => reload('file changed'), 200);
    });
    process.on('SIGHUP', () => reload('SIGHUP'));
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    watcher?.close();
    void app
      .close()
      .then(() => simulator?.close())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function applyOverrides(loaded: LoadedConfig, options: StartOptions, environment: NodeJS.ProcessEnv): void {
  if (options.port !== undefined) loaded.config.server.port = options.port;
  else if (environment.PORT !== undefined && loaded.path === undefined) loaded.config.server.port = Number(environment.PORT);
  if (options.host !== undefined) loaded.config.server.host = options.host;
}
