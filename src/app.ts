import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRuntime, type RoutingServices, type Runtime } from './build-runtime.js';
import type { Catalog } from './catalog/catalog.js';
import type { LoadedConfig } from './config/load-config.js';
import { DeploymentLimits } from './routing/deployment-limits.js';
import type { Deployment } from './routing/deployment.js';
import { DeploymentHealth } from './routing/health/deployment-health.js';
import { HealthProber } from './routing/health-prober.js';
import { BanditLearning } from './routing/bandit/bandit-learning.js';
import { cachingTextCounter } from './routing/caching-text-counter.js';
import { loadTokenizer } from './routing/prompt-size.js';
import { createRequestHandler } from './server/create-request-handler.js';
import { loadDashboard } from './server/dashboard/load-dashboard.js';
import { createState } from './state/create-state.js';
import { startGovernance, type GovernanceParts } from './start-governance.js';
import { createLogger, type Logger } from './telemetry/create-logger.js';
import type { WorkerChannel } from './telemetry/cluster-metrics-worker.js';
import { GatewayMetrics } from './telemetry/gateway-metrics.js';
import { metricLabelBounds } from './telemetry/metric-label-bounds.js';
import type { Tracing } from './telemetry/tracing.js';

export interface AppOptions {
  loaded: LoadedConfig;
  environment?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Tests may hand in a catalog instead of loading the bundled one. */
  catalog?: Catalog;
  /** Uniform in [0, 1) for routing's random choices (weighted, bandit draws); tests hand in a seeded one. Math.random by default. */
  random?: () => number;
  /** Where the built dashboard is (dist/web/ by default); tests build it elsewhere. */
  dashboardDirectory?: string;
  /**
   * In a worker of `skyroute start --workers N`: its IPC channel to the primary (`process`), so that a
   * scrape of GET /metrics answers for every worker. Undefined: the metrics are this process's.
   */
  metricsChannel?: WorkerChannel;
}

export interface App {
  readonly server: Server;
  /** Listens on the given (or configured) port and host; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Swaps in a new config; requests already running finish on the old one. Throws (and keeps the old one) if it is unusable. */
  reload(loaded: LoadedConfig): void;
  runtime(): Runtime;
  /** Undefined when metrics.enabled is false. */
  readonly metrics: GatewayMetrics | undefined;
  /** Undefined when tracing.enabled is false. */
  readonly tracing: Tracing | undefined;
  /** Stops accepting, lets in-flight requests and streams finish (up to server.shutdown_timeout_ms), then closes upstream pools. */
  close(): Promise<void>;
}

/**
 * The composition root: config → state → health → catalog → providers → model table → router → HTTP
 * server. No globals; each test builds its own. State, health and limits live as long as the app
 * (a config reload keeps what they learned); everything else is rebuilt per config version.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const environment = options.environment ?? process.env;
  const { config } = options.loaded;
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const onStateError = reportStateErrors(logger, config.state.backend);
  const state = await createState(config.state, randomUUID(), onStateError);
  const health = new DeploymentHealth({
    state,
    policy: { circuit: config.routing.circuit_breaker, latency: config.routing.latency },
    onError: onStateError,
  });
  await health.start();
  const services: RoutingServices = { state, health, limits: new DeploymentLimits(state, Date.now, onStateError), countText: cachingTextCounter(await loadTokenizer()), onStateError, random: options.random };
  let current: Runtime;
  let governed: GovernanceParts;
  // Built before governance, which hands it every request's row; what it reads at scrape time exists by then.
  const metrics = config.metrics.enabled
    ? new GatewayMetrics({
        limits: { maxKeyLabels: config.metrics.max_key_labels, maxTeamLabels: config.metrics.max_team_labels },
        circuitOf: (deployment, now) => health.view(deployment, now).circuit,
        queueDepth: () => governed.queuedRows(),
        workerChannel: options.metricsChannel,
      })
    : undefined;
  try {
    governed = await startGovernance(options.loaded, environment, state, logger, onStateError, () => current, metrics);
  } catch (error) {
    metrics?.close();
    await health.close();
    await state.close();
    throw error;
  }
  // Bandit strategies learn from the store's feedback; what they learned outlives config reloads.
  const bandit = new BanditLearning({ source: governed.store, onError: reportFeedbackErrors(logger) });
  services.bandit = bandit;
  try {
    current = buildRuntime(options.loaded, environment, services, governed.services, options.catalog);
  } catch (error) {
    bandit.close();
    metrics?.close();
    await governed.close();
    await health.close();
    await state.close();
    throw error;
  }
  for (const warning of current.warnings) logger.warn(warning);
  metrics?.setLabelBounds(metricLabelBounds(current.models.list(), current.providers.keys()));
  let loadedNow = options.loaded;
  governed.onCredentialsChanged = () => {
    try {
      app.reload(loadedNow);
      logger.info('stored provider credentials changed: providers rebuilt');
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'stored provider credentials changed, but the providers could not be rebuilt; keeping the previous ones');
    }
  };
  const prober = new HealthProber(
    () => current.router.parts,
    () => configuredDeployments(current),
    () => current.config.routing.health_checks,
  );
  prober.start();
  const retired = new Set<Runtime>();
  let accepting = true;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const dashboard = loadDashboard(options.dashboardDirectory);
  // Loaded only when on: a gateway without tracing never loads OpenTelemetry's SDK and exporter.
  const tracing = config.tracing.enabled ? (await import('./telemetry/create-tracing.js')).createTracing({ config: config.tracing, environment, logger }) : undefined;
  const handle = createRequestHandler({ runtime: () => current, logger, ready: () => accepting, dashboard, metrics, tracing });
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, (request, response) => {
    inFlight++;
    response.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    handle(request, response);
  });

  const retire = (runtime: Runtime): void => {
    // Requests that started on the old runtime may still fail over within it; close its pools later.
    retired.add(runtime);
    const timer = setTimeout(() => {
      retired.delete(runtime);
      void runtime.close();
    }, runtime.config.server.shutdown_timeout_ms);
    timer.unref();
  };

  const app: App = {
    server,
    listen(port = current.config.server.port, host = current.config.server.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    reload(loaded) {
      loadedNow = loaded;
      const next = buildRuntime(loaded, environment, services, governed.services, options.catalog);
      for (const warning of next.warnings) logger.warn(warning);
      if (JSON.stringify(loaded.config.state) !== JSON.stringify(current.config.state)) {
        logger.warn('state: a changed state section takes effect at the next restart; routing keeps its current state store');
      }
      if (JSON.stringify(loaded.config.tracing) !== JSON.stringify(current.config.tracing)) {
        logger.warn('tracing: a changed tracing section takes effect at the next restart');
      }
      health.updatePolicy({ circuit: loaded.config.routing.circuit_breaker, latency: loaded.config.routing.latency });
      const previous = current;
      current = next;
      metrics?.setLabelBounds(metricLabelBounds(next.models.list(), next.providers.keys()));
      retire(previous);
      prober.stop();
      prober.start();
    },
    runtime: () => current,
    metrics,
    tracing,
    async close() {
      accepting = false;
      server.close();
      server.closeIdleConnections();
      if (inFlight > 0) {
        const timeoutMs = current.config.server.shutdown_timeout_ms;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await Promise.allSettled([current.close(), ...[...retired].map((runtime) => runtime.close())]);
      retired.clear();
      prober.stop();
      bandit.close();
      metrics?.close();
      // Every request's spans have ended: the last batch is exported before the process goes.
      await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'tracing: the last spans could not be exported'));
      // Every request has finished: its row is queued; the writer writes (or spills) all of them.
      await governed.close();
      await health.close();
      await state.close();
    },
  };
  return app;
}

/**
 * Logs state-port failures (Redis unreachable) at most once a minute: routing carries on with what this
 * replica knows (docs/routing.md), and a log line per request would bury everything else.
 */
function reportStateErrors(logger: Logger, backend: string): (error: unknown) => void {
  let lastLoggedAt = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < 60_000) return;
    lastLoggedAt = now;
    logger.warn({ err: error instanceof Error ? error.message : String(error), backend }, 'shared state is not answering; routing health and limits are per replica until it does');
  };
}

/** Logs a failed reload of the feedback totals at most once a minute: bandit strategies keep what they learned meanwhile. */
function reportFeedbackErrors(logger: Logger): (error: unknown) => void {
  let lastLoggedAt = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < 60_000) return;
    lastLoggedAt = now;
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'feedback totals could not be read; bandit strategies route on what they learned before until the database answers');
  };
}

/** Each chat deployment of the configured groups once: what the health checks probe. */
function configuredDeployments(runtime: Runtime): Deployment[] {
  const byId = new Map<string, Deployment>();
  for (const group of runtime.models.list()) {
    if (!group.configured) continue;
    for (const deployment of group.deployments) if (deployment.mode === 'chat') byId.set(deployment.id, deployment);
  }
  return [...byId.values()];
}
