import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from '../../../build-runtime.js';
import { hashSecret } from '../../../governance/key-secret.js';
import { SecretBox } from '../../../governance/secret-box.js';
import { createStore } from '../../../store/create-store.js';
import type { Store } from '../../../store/store-port.js';
import { createLogger } from '../../../telemetry/create-logger.js';
import { newObserved, OPEN, type RequestContext } from '../../request-context.js';
import { internalError, sendError } from '../../send-json.js';
import type { AdminServices } from '../../../governance/admin-services.js';
import { handleAdmin } from '../handle-admin.js';
import { handleOpenApi } from '../handle-open-api.js';

export const TEST_MASTER_KEY = 'test-master-key-0123456789';

export interface AdminServerOptions {
  /** null: no master key configured (the admin API is off). */
  masterKey?: string | null;
  /** false: SKYROUTE_ENCRYPTION_KEY unset. */
  encryption?: boolean;
  /** The clock's start (epoch ms). */
  now?: number;
}

export interface RunningAdminServer {
  url: string;
  store: Store;
  secretBox: SecretBox | undefined;
  clock: { now: number };
  /** How often the handlers said keys/teams or credentials changed. */
  changes: { keys: number; credentials: number };
  /** Calls the admin API with the master key (or `key`), answering status and parsed body. */
  call(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * A real node:http server with a real (in-memory SQLite) store that serves /admin/* and /openapi.json
 * the way the gateway does, for the handler and CLI tests. The admin handlers need nothing from the
 * runtime, so the context carries one that throws on any use: a handler that starts depending on
 * the config fails here at once.
 */
export async function startAdminServer(options: AdminServerOptions = {}): Promise<RunningAdminServer> {
  const store = await createStore(':memory:');
  const secretBox = options.encryption === false ? undefined : SecretBox.fromKeyText(randomBytes(32).toString('hex'));
  const masterKey = options.masterKey === undefined ? TEST_MASTER_KEY : options.masterKey;
  const clock = { now: options.now ?? Date.UTC(2026, 0, 14, 12) };
  const changes = { keys: 0, credentials: 0 };
  const admin: AdminServices = {
    store,
    secretBox,
    masterKeyHash: masterKey === null ? undefined : hashSecret(masterKey),
    keysChanged: () => void changes.keys++,
    credentialsChanged: () => void changes.credentials++,
    now: () => clock.now,
  };
  const logger = createLogger({ level: 'silent' });
  const runtime = new Proxy({} as Runtime, {
    get(_target, property) {
      throw new Error(`an admin handler used runtime.${String(property)}; the admin API must not depend on the config version`);
    },
  });
  const server: Server = createServer((request, response) => {
    const requestId = randomUUID();
    const context: RequestContext = {
      request,
      response,
      requestId,
      clientRequestId: undefined,
      startedAt: Date.now(),
      runtime,
      logger,
      headers: { 'x-request-id': requestId },
      principal: OPEN,
      observed: newObserved(),
      streamCost: undefined,
    };
    const url = request.url ?? '/';
    const path = url.split('?')[0]!;
    const work = async (): Promise<void> => {
      if (path === '/openapi.json') return handleOpenApi(context);
      return handleAdmin(context, path, admin);
    };
    work().catch((error: unknown) => sendError(response, internalError(error), context.headers));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    store,
    secretBox,
    clock,
    changes,
    async call(method, path, body, key = masterKey) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close().catch(() => undefined); // a test may have closed it already
    },
  };
}
