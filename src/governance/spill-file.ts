import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { RequestLogRow } from '../store/store-port.js';

/**
 * What a spill file's name says. Written: `requests-<pid>-<startedAt>-<instance>-<segment>.jsonl`, appended
 * to by the writer instance that made it while its process lives. Claimed for replay:
 * `<written name>.replaying-<claimer pid>-<claimedAt>`.
 */
export interface SpillFileName {
  /** The written name (without any claim suffix). */
  base: string;
  pid: number;
  startedAt: number;
  segment: number;
  claim?: { pid: number; at: number };
}

const NAME = /^(requests-(\d+)-(\d+)-[0-9a-f]+-(\d+)\.jsonl)(?:\.replaying-(\d+)-(\d+))?$/;

/** Undefined for a name that is not a spill file's (anything else in the directory is left alone). */
export function parseSpillFileName(name: string): SpillFileName | undefined {
  const match = NAME.exec(name);
  if (match === null) return undefined;
  const parsed: SpillFileName = { base: match[1] as string, pid: Number(match[2]), startedAt: Number(match[3]), segment: Number(match[4]) };
  if (match[5] !== undefined) parsed.claim = { pid: Number(match[5]), at: Number(match[6]) };
  return parsed;
}

/** The name of a file this process claims now (the wall clock: other processes compare it with their start). */
export function claimedName(base: string): string {
  return `${base}.replaying-${process.pid}-${Date.now()}`;
}

/**
 * One writer instance's spill file: request-log rows as JSON Lines, appended asynchronously, one append
 * after the other in the order they were asked for (never the sync fs API: spilling happens while requests
 * are being served).
 *
 * When the writer wants to replay what it spilled, `seal()` renames the file into the claimed state (after
 * the appends before it) and later appends start a new segment, so nothing is ever appended to a file that
 * is being read. Names carry the pid and the start time (wall clock, because other processes compare them
 * with their own) and a random instance id (several writers may start in one process in the same millisecond).
 */
export class SpillFile {
  readonly directory: string;
  private readonly prefix: string;
  private segment = 0;
  private written = false;
  private directoryReady = false;
  /** An append failed, maybe halfway through a line: the next one starts on a fresh line. */
  private brokenLine = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(directory: string) {
    this.directory = directory;
    this.prefix = `requests-${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
  }

  get path(): string {
    return join(this.directory, `${this.prefix}-${this.segment}.jsonl`);
  }

  /** Resolves once the rows are in the file; rejects with the file system's error (the rows are not in it then). */
  append(rows: readonly RequestLogRow[]): Promise<void> {
    return this.enqueue(async () => {
      let text = this.brokenLine ? '\n' : '';
      for (const row of rows) text += `${JSON.stringify(row)}\n`;
      try {
        if (!this.directoryReady) {
          await mkdir(this.directory, { recursive: true });
          this.directoryReady = true;
        }
        await appendFile(this.path, text);
        this.brokenLine = false;
        this.written = true;
      } catch (error) {
        this.brokenLine = true;
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.directoryReady = false;
        throw error;
      }
    });
  }

  /**
   * After the appends asked for before it: renames the current segment (if anything was written to it) to
   * its claimed name and answers that path; later appends go to the next segment.
   */
  seal(): Promise<string | undefined> {
    return this.enqueue(async () => {
      if (!this.written) return undefined;
      const from = this.path;
      const to = join(this.directory, claimedName(`${this.prefix}-${this.segment}.jsonl`));
      try {
        await rename(from, to);
      } catch (error) {
        // Someone removed the file: there is nothing left to replay from it.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        this.segment += 1;
        this.written = false;
        return undefined;
      }
      this.segment += 1;
      this.written = false;
      this.brokenLine = false;
      return to;
    });
  }

  /** Resolves when every append and seal asked for so far has finished (whether it worked or not). */
  async idle(): Promise<void> {
    await this.chain;
  }

  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const result = this.chain.then(step);
    this.chain = result.catch(() => undefined);
    return result;
  }
}
