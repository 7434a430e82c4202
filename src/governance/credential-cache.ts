import type { Store } from '../store/store-port.js';
import type { SecretBox } from './secret-box.js';

/** The secret fields a stored credential may carry: what they fill in a provider's config. */
export type CredentialSecrets = Partial<Record<'api_key' | 'aws_access_key_id' | 'aws_secret_access_key' | 'aws_session_token' | 'credentials', string>>;

/**
 * Provider credentials from the database, opened with SKYROUTE_ENCRYPTION_KEY and kept in memory for
 * building runtimes (which is synchronous). `refresh` re-reads them and says whether anything changed,
 * so the app rebuilds its providers only then.
 */
export class CredentialCache {
  private secrets = new Map<string, { updatedAt: number; secrets: CredentialSecrets; provider: string }>();
  private problems = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly box: SecretBox | undefined,
  ) {}

  /** The secrets of `name`, or why there are none (not stored, no encryption key, cannot be opened). */
  get(name: string): { secrets: CredentialSecrets; provider: string } | { problem: string } {
    const entry = this.secrets.get(name);
    if (entry !== undefined) return entry;
    return { problem: this.problems.get(name) ?? `no credential "${name}" is stored (skyroute credentials set ${name} --provider <type> --api-key …)` };
  }

  async refresh(): Promise<boolean> {
    const records = await this.store.listCredentials();
    const next = new Map<string, { updatedAt: number; secrets: CredentialSecrets; provider: string }>();
    const problems = new Map<string, string>();
    for (const record of records) {
      if (this.box === undefined) {
        problems.set(record.name, `credential "${record.name}" is stored, but SKYROUTE_ENCRYPTION_KEY is not set, so it cannot be opened`);
        continue;
      }
      const known = this.secrets.get(record.name);
      if (known !== undefined && known.updatedAt === record.updatedAt) {
        next.set(record.name, known);
        continue;
      }
      try {
        next.set(record.name, { updatedAt: record.updatedAt, provider: record.provider, secrets: JSON.parse(this.box.open(record.ciphertext, record.name)) as CredentialSecrets });
      } catch (error) {
        problems.set(record.name, `credential "${record.name}": ${(error as Error).message}`);
      }
    }
    const changed = next.size !== this.secrets.size || [...next].some(([name, entry]) => this.secrets.get(name) !== entry) || problems.size !== this.problems.size;
    this.secrets = next;
    this.problems = problems;
    return changed;
  }
}
