import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config/config-schema.js';
import { ConfigError } from '../config/config-error.js';
import type { Logger } from '../telemetry/create-logger.js';
import { serveClusterMetrics } from '../telemetry/serve-cluster-metrics.js';

/**
 * Refuses `--workers N` (N > 1) when workers would each count limits on their own: with the memory
 * state backend every worker has its own counters, so a 600 RPM key would get 600 per worker.
 */
export function checkWorkersShareState(config: Config, workers: number): void {
  if (workers <= 1 || config.state.backend !== 'memory') return;
  const reasons: string[] = [];
  if (config.auth.master_key !== undefined) reasons.push('virtual keys (a master key is set), whose limits and budgets');
  const limited = config.models.flatMap((group) => group.deployments.filter((deployment) => deployment.rpm !== undefined || deployment.tpm !== undefined).map((deployment) => `${group.name}: ${deployment.provider}/${deployment.model}`));
  if (limited.length > 0) reasons.push(`deployment rpm/tpm limits (${limited.slice(0, 3).join(', ')}${limited.length > 3 ? ', …' : ''}), which`);
  if (reasons.length === 0) return;
  throw new ConfigError(
    `--workers ${workers} needs shared state: with state.backend: memory, ${reasons.join(' and ')} would be counted by each worker on its own (${workers}× the limit). ` +
      'Set state.backend: redis (and state.redis_url), or run one worker.',
  );
}

/**
 * The primary of `skyroute start --workers N`: forks N workers that each run the gateway on the same
 * port (node:cluster shares the listening socket), replaces a worker that dies, gathers the workers'
 * metrics for whichever of them is scraped, and on SIGTERM/SIGINT passes the signal on and waits for
 * every worker to finish its requests and exit.
 */
export function runWorkers(count: number, environment: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  let stopping = false;
  const alive = new Set<Worker>();
  const fork = (): void => {
    const worker = cluster.fork(environment);
    alive.add(worker);
    worker.on('exit', (code, signal) => {
      alive.delete(worker);
      if (stopping) {
        if (alive.size === 0) process.exit(0);
        return;
      }
      logger.error({ worker: worker.process.pid, code, signal }, 'a worker died; starting another');
      setTimeout(fork, 1000).unref();
    });
  };
  // A scrape of GET /metrics reaches one worker; it asks here, and this sums every worker's figures.
  serveClusterMetrics(cluster);
  for (let index = 0; index < count; index++) fork();
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      for (const worker of alive) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, workers: alive.size }, 'shutting down the workers');
    for (const worker of alive) worker.process.kill(signal);
    if (alive.size === 0) process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return new Promise(() => {});
}
