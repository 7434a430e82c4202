import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import type { RequestLogRow, Store } from '../store/store-port.js';
import { createLogger, type Logger } from '../telemetry/create-logger.js';

/** Shared by the request-log writer's tests; not used by the gateway. */

export function logRow(index: number, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id: `req-${String(index).padStart(5, '0')}`,
    at: Date.UTC(2025, 0, 15, 12, 0, 0) + index,
    endpoint: 'chat',
    keyId: 'key_a',
    model: 'chat',
    deployment: 'openai/gpt-4o-mini',
    provider: 'openai',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 10,
    outputTokens: 20,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 1_000 + index,
    latencyMs: 42,
    ...overrides,
  };
}

const unused = (): Promise<never> => Promise.reject(new Error('the request-log writer does not call this'));

/**
 * A Store double for the writer: writeRequests records what it was given and, like the real stores, skips
 * ids it already has. `failing` injects an outage; `hold()` keeps the next writes waiting until released.
 */
export class RecordingStore implements Store {
  readonly kind = 'sqlite' as const;
  /** Rows it has, by id. */
  readonly rows = new Map<string, RequestLogRow>();
  /** The ids of every call that succeeded, in order, duplicates included. */
  readonly accepted: string[] = [];
  /** Every call: how many rows, whether it succeeded, the `log` option. */
  readonly calls: Array<{ ids: string[]; ok: boolean; log: boolean }> = [];
  failing = false;
  inFlight = 0;
  maxInFlight = 0;
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;

  async writeRequests(rows: readonly RequestLogRow[], options: { log: boolean }): Promise<{ inserted: number }> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate !== undefined) await this.gate;
      const ids = rows.map((row) => row.id);
      if (this.failing) {
        this.calls.push({ ids, ok: false, log: options.log });
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (injected outage)');
      }
      this.calls.push({ ids, ok: true, log: options.log });
      let inserted = 0;
      for (const row of rows) {
        this.accepted.push(row.id);
        if (this.rows.has(row.id)) continue;
        this.rows.set(row.id, structuredClone(row));
        inserted += 1;
      }
      return { inserted };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Writes from now on wait until `open()`. */
  hold(): void {
    this.gate ??= new Promise<void>((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release?.();
    this.gate = undefined;
    this.release = undefined;
  }

  insertTeam = unused;
  getTeam = unused;
  listTeams = unused;
  updateTeam = unused;
  deleteTeam = unused;
  insertKey = unused;
  getKey = unused;
  findKeyByHash = unused;
  listKeys = unused;
  updateKey = unused;
  keysChangedSince = unused;
  teamsChangedSince = unused;
  putCredential = unused;
  getCredential = unused;
  listCredentials = unused;
  deleteCredential = unused;
  getRequestLog = unused;
  queryRequestLogs = unused;
  deleteRequestLogsBefore = unused;
  requestStats = unused;
  requestStatsDimensions = unused;
  deleteRequestStatsBefore = unused;
  spendSince = unused;
  spendReport = unused;
  addFeedback = unused;
  feedbackFor = unused;
  listFeedback = unused;
  feedbackTotals = unused;
  close = async (): Promise<void> => undefined;
}

export interface LogEntry {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A real pino logger whose lines are kept for the test to read. */
export function captureLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') entries.push(JSON.parse(line) as LogEntry);
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), entries };
}

export const WARN = 40;
export const INFO = 30;

/** Polls until `condition` holds; fails with `what` after `limitMs` (a hang guard, not a timing assertion). */
export async function waitFor(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The pid of a process that has ended (a spill file "left by a process that is gone" names it). */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a child process to get a dead pid');
  return child.pid;
}

export function spillName(pid: number, startedAt: number, segment = 0, claim?: { pid: number; at: number }): string {
  const base = `requests-${pid}-${startedAt}-0badc0de-${segment}.jsonl`;
  return claim === undefined ? base : `${base}.replaying-${claim.pid}-${claim.at}`;
}

export function jsonLines(rows: RequestLogRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
