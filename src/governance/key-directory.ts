import type { KeyRecord, Store, TeamRecord } from '../store/store-port.js';

export interface KeyDirectoryOptions {
  store: Store;
  /** How often changes made elsewhere (another replica, the CLI) are read: a revocation's reach. */
  refreshMs: number;
  now?: () => number;
  /** Hears that the store stopped answering the refresh (the caller reports it once per outage). */
  onError?: (error: unknown) => void;
}

/** A secret nobody has is remembered as unknown this long (a client retrying a bad key does not cost a query each time). */
const UNKNOWN_TTL_MS = 1_000;
/** At most this many unknown secrets are remembered (a flood of random keys cannot grow memory). */
const MAX_UNKNOWN = 10_000;
/**
 * A refresh asks for what changed since its previous start less this much: a write whose updatedAt a
 * slightly slow clock (another replica's) put in the past is still seen.
 */
const CLOCK_SLACK_MS = 5_000;

export interface KnownKey {
  key: KeyRecord;
  team: TeamRecord | undefined;
  /** The secret presented was the key's previous one (after a rotation); it works until key.previousValidUntil. */
  viaPrevious: boolean;
}

/**
 * The virtual keys and teams this replica has seen, by secret hash: the request path reads them from
 * memory, and a miss asks the store once (concurrent misses for one hash share the query). Every
 * `refreshMs` the keys and teams changed since the last refresh are read again, so a revocation, a new
 * limit or a rotation made on any replica applies here within that interval; `refreshNow` applies this
 * replica's own admin changes at once.
 */
export class KeyDirectory {
  private readonly store: Store;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private readonly onError: ((error: unknown) => void) | undefined;
  /** hash → key id (current and previous hashes both point at the key). */
  private readonly idsByHash = new Map<string, string>();
  private readonly keys = new Map<string, KeyRecord>();
  private readonly teams = new Map<string, TeamRecord>();
  private readonly unknown = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<KeyRecord | undefined>>();
  private lastRefreshStart: number;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private closed = false;

  constructor(options: KeyDirectoryOptions) {
    this.store = options.store;
    this.refreshMs = options.refreshMs;
    this.now = options.now ?? Date.now;
    this.onError = options.onError;
    this.lastRefreshStart = this.now();
  }

  start(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  /**
   * The key whose secret hashes to `hash`, with its team; undefined when no key has it (revoked and
   * expired keys are answered: the caller says why they fail). Rejects when the store does not answer
   * and the key is not known here yet.
   */
  async find(hash: string): Promise<KnownKey | undefined> {
    const known = this.cached(hash);
    if (known !== undefined) return known.team === undefined && known.key.teamId !== undefined ? this.withTeam(known) : known;
    const unknownUntil = this.unknown.get(hash);
    if (unknownUntil !== undefined) {
      if (unknownUntil > this.now()) return undefined;
      this.unknown.delete(hash);
    }
    let lookup = this.lookups.get(hash);
    if (lookup === undefined) {
      lookup = this.lookUp(hash).finally(() => this.lookups.delete(hash));
      this.lookups.set(hash, lookup);
    }
    const key = await lookup;
    if (key === undefined) return undefined;
    return this.cached(hash) ?? { key, team: key.teamId === undefined ? undefined : this.teams.get(key.teamId), viaPrevious: key.hash !== hash };
  }

  /** Reads what changed now (after this replica's own admin change) instead of at the next interval. */
  refreshNow(): Promise<void> {
    return this.refresh();
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A key moved to a team this replica has not read yet. */
  private async withTeam(known: KnownKey): Promise<KnownKey> {
    const team = await this.store.getTeam(known.key.teamId!);
    if (team !== undefined) this.teams.set(team.id, team);
    return { ...known, team };
  }

  private cached(hash: string): KnownKey | undefined {
    const id = this.idsByHash.get(hash);
    if (id === undefined) return undefined;
    const key = this.keys.get(id);
    if (key === undefined) return undefined;
    const viaPrevious = key.hash !== hash;
    // A previous hash whose grace ended is no longer this key's (the store would not find it either).
    if (viaPrevious && (key.previousHash !== hash || (key.previousValidUntil ?? 0) <= this.now())) return undefined;
    return { key, team: key.teamId === undefined ? undefined : this.teams.get(key.teamId), viaPrevious };
  }

  private async lookUp(hash: string): Promise<KeyRecord | undefined> {
    const key = await this.store.findKeyByHash(hash, this.now());
    if (key === undefined) {
      if (this.unknown.size >= MAX_UNKNOWN) this.unknown.clear();
      this.unknown.set(hash, this.now() + UNKNOWN_TTL_MS);
      return undefined;
    }
    if (key.teamId !== undefined && !this.teams.has(key.teamId)) {
      const team = await this.store.getTeam(key.teamId);
      if (team !== undefined) this.teams.set(team.id, team);
    }
    this.remember(key);
    return key;
  }

  private remember(key: KeyRecord): void {
    const before = this.keys.get(key.id);
    if (before !== undefined) {
      if (before.hash !== key.hash) this.idsByHash.delete(before.hash);
      if (before.previousHash !== undefined && before.previousHash !== key.previousHash) this.idsByHash.delete(before.previousHash);
    }
    this.keys.set(key.id, key);
    this.idsByHash.set(key.hash, key.id);
    if (key.previousHash !== undefined) this.idsByHash.set(key.previousHash, key.id);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.readChanges().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async readChanges(): Promise<void> {
    if (this.closed) return;
    const startedAt = this.now();
    const since = this.lastRefreshStart - CLOCK_SLACK_MS;
    try {
      const [keys, teams] = await Promise.all([this.store.keysChangedSince(since), this.store.teamsChangedSince(since)]);
      for (const team of teams) if (this.teams.has(team.id)) this.teams.set(team.id, team);
      for (const key of keys) {
        // Only keys this replica has seen: the rest are read when first presented.
        if (this.keys.has(key.id)) this.remember(key);
      }
      // A key created elsewhere may be among the secrets remembered as unknown.
      if (keys.length > 0) this.unknown.clear();
      this.lastRefreshStart = startedAt;
    } catch (error) {
      this.onError?.(error);
    }
  }
}
