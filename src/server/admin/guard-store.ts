import { GatewayError } from '../../spec/gateway-error.js';
import { StoreConflictError, type Store } from '../../store/store-port.js';

const KIND_NAMES: Record<Store['kind'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * The store as an admin handler sees it: a clash becomes 409 GW_ERR_ADMIN_CONFLICT, any other failure
 * 503 GW_ERR_STORE_UNAVAILABLE naming the database, so no handler can forget to translate one (and a
 * bug in a handler is not mistaken for a database outage: only store calls are translated).
 */
export function guardStore(store: Store, writes: boolean): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): Promise<unknown> =>
        // Through a promise so a driver that throws synchronously (a closed SQLite handle) is caught too.
        Promise.resolve()
          .then(() => (value as (...args: unknown[]) => unknown).apply(target, args))
          .catch((error: unknown) => {
            throw storeFailure(target.kind, error, writes);
          });
    },
  });
}

function storeFailure(kind: Store['kind'], error: unknown, writes: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof StoreConflictError) {
    // The store's message already says what clashed and what to do ("a key named "x" already exists: choose another name").
    return new GatewayError('GW_ERR_ADMIN_CONFLICT', `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  const outcome = writes ? 'the change was not made' : 'nothing could be read';
  return new GatewayError(
    'GW_ERR_STORE_UNAVAILABLE',
    `The ${KIND_NAMES[kind]} database failed (${reason}), so ${outcome}. Check that the database is running and reachable (database.url or SKYROUTE_DATABASE_URL), then try again.`,
    { cause: error },
  );
}
