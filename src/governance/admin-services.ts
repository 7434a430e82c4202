import type { SecretBox } from './secret-box.js';
import type { Store } from '../store/store-port.js';

/** What the admin API needs from the app: built once by app.ts, shared by every request. */
export interface AdminServices {
  store: Store;
  /** Undefined when SKYROUTE_ENCRYPTION_KEY is not set: credential writes are refused with a message saying so. */
  secretBox: SecretBox | undefined;
  /** SHA-256 (hex, hashSecret) of the master key; undefined: admin API disabled (GW_ERR_ADMIN_DISABLED). */
  masterKeyHash: string | undefined;
  /** Called after any change to keys or teams (this replica refreshes its caches at once). */
  keysChanged(): void;
  /** Called after any change to credentials. */
  credentialsChanged(): void;
  now(): number;
}
