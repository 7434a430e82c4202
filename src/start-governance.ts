import { join } from 'node:path';
import type { GovernanceServices, Runtime } from './build-runtime.js';
import type { LoadedConfig } from './config/load-config.js';
import type { AdminServices } from './governance/admin-services.js';
import type { StatePort } from './state/state-port.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/store-port.js';
import type { Logger } from './telemetry/create-logger.js';
import type { GatewayMetrics } from './telemetry/gateway-metrics.js';
import { Governance } from './governance/governance.js';
import { CredentialCache } from './governance/credential-cache.js';
import { KeyDirectory } from './governance/key-directory.js';
import { RequestLogRetention } from './governance/request-log-retention.js';
import { RequestLogWriter } from './governance/request-log-writer.js';
import { SecretBox } from './governance/secret-box.js';

export interface GovernanceParts {
  services: GovernanceServices;
  store: Store;
  /** Called when stored provider credentials changed (here or on another replica): the app rebuilds its providers. */
  onCredentialsChanged: (() => void) | undefined;
  /** Request-log rows waiting to be written (the metrics' queue-depth gauge). */
  queuedRows(): number;
  close(): Promise<void>;
}

/** What the metrics hear from governance: every request's row, and every refused admission. Undefined: metrics are off. */
export type GovernanceObserver = Pick<GatewayMetrics, 'recordRequest' | 'recordRefusal'>;

/** How often stored credentials are re-read for changes made on other replicas. */
const CREDENTIAL_REFRESH_MS = 30_000;

/**
 * The governance side of the composition root: the store (SQLite by default, PostgreSQL by URL), the
 * key directory, the request-log writer with its retention, and the admin API's services. They live as
 * long as the app; settings that can change on reload (the master key, limits' fail modes) are read
 * from the current runtime. A changed database URL applies at the next start.
 */
export async function startGovernance(
  loaded: LoadedConfig,
  environment: NodeJS.ProcessEnv,
  state: StatePort,
  logger: Logger,
  onStateError: (error: unknown) => void,
  runtime: () => Runtime,
  observer?: GovernanceObserver,
): Promise<GovernanceParts> {
  const { config } = loaded;
  const secretBox = SecretBox.fromKeyText(environment.SKYROUTE_ENCRYPTION_KEY);
  const store = await createStore(config.database.url ?? join(config.server.data_dir, 'skyroute.db'));
  const onStoreError = reportOnce(logger, `the ${store.kind} database does not answer; keys already seen keep working, new ones cannot be checked`);
  const directory = new KeyDirectory({ store, refreshMs: config.governance.refresh_ms, onError: onStoreError });
  directory.start();
  const writer = new RequestLogWriter({
    store,
    log: config.request_log.enabled,
    batchSize: config.request_log.batch_size,
    flushIntervalMs: config.request_log.flush_interval_ms,
    maxQueue: config.request_log.max_queue,
    spillDirectory: join(config.server.data_dir, 'spill'),
    logger,
  });
  await writer.start();
  const retention = new RequestLogRetention({ store, retentionDays: () => runtime().config.request_log.retention_days, logger });
  retention.start();
  const governance = new Governance({
    state,
    store,
    directory,
    logger,
    onStateError,
    onRefusal: observer === undefined ? undefined : (refusal, keyId, teamId) => observer.recordRefusal(refusal, keyId, teamId),
    settings: () => {
      const current = runtime();
      return { masterKeyHash: current.masterKeyHash, staticKeyHashes: current.keyHashes, governance: current.config.governance };
    },
  });
  const credentials = new CredentialCache(store, secretBox);
  await credentials.refresh().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'stored provider credentials could not be read'));
  // Assigned below, once the parts exist; a refresh before that changes nothing anyone uses yet.
  let parts: GovernanceParts | undefined;
  const refreshCredentials = (): void => {
    credentials.refresh().then(
      (changed) => {
        if (changed) parts?.onCredentialsChanged?.();
      },
      (error: unknown) => onStoreError(error),
    );
  };
  const credentialTimer = setInterval(refreshCredentials, CREDENTIAL_REFRESH_MS);
  credentialTimer.unref();
  const admin: AdminServices = {
    store,
    secretBox,
    get masterKeyHash() {
      return runtime().masterKeyHash;
    },
    keysChanged: () => void directory.refreshNow(),
    credentialsChanged: refreshCredentials,
    now: Date.now,
  };
  parts = {
    services: {
      governance,
      // The one place every request (chat, messages, embeddings; refused ones too) ends: the metrics count its row here.
      recordRequest:
        observer === undefined
          ? (row) => writer.push(row)
          : (row) => {
              observer.recordRequest(row);
              writer.push(row);
            },
      admin,
      credentials,
    },
    store,
    onCredentialsChanged: undefined,
    queuedRows: () => writer.queued,
    async close() {
      clearInterval(credentialTimer);
      directory.close();
      retention.stop();
      // Every request has finished: its holds wait to be settled, its row to be written.
      await governance.flushSettlements();
      await writer.close();
      await store.close();
    },
  };
  return parts;
}

/** Logs a store failure once per minute at most: the request path goes on without it where it can. */
function reportOnce(logger: Logger, message: string): (error: unknown) => void {
  let lastLoggedAt = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < 60_000) return;
    lastLoggedAt = now;
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  };
}
