import { open } from 'node:fs/promises';
import type { RequestLogRow } from '../store/store-port.js';

export interface SpillBatch {
  rows: RequestLogRow[];
  /** Where the next batch starts: the byte after the last line this one consumed. */
  nextOffset: number;
  /** The file has nothing after `nextOffset`. */
  done: boolean;
  /** Byte offsets of lines that were not rows (damaged). */
  unreadableAt: number[];
  /** The file ended in a line that is not a complete row: its writer stopped mid-append. */
  truncatedEnd: boolean;
}

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads up to `maxRows` rows of a spill file from byte `offset` on. The file is read a chunk at a time and
 * never whole (an outage can leave millions of rows). Blank lines are skipped silently (an append that
 * failed halfway is followed by a fresh line); lines that are not rows are skipped and reported.
 */
export async function readSpillBatch(path: string, offset: number, maxRows: number): Promise<SpillBatch> {
  const batch: SpillBatch = { rows: [], nextOffset: offset, done: false, unreadableAt: [], truncatedEnd: false };
  const file = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let pending = Buffer.alloc(0);
    let position = offset;
    while (batch.rows.length < maxRows) {
      const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) {
        if (pending.length > 0) {
          const row = parseRow(pending);
          if (row === undefined) batch.truncatedEnd = true;
          else batch.rows.push(row);
          batch.nextOffset += pending.length;
        }
        batch.done = true;
        break;
      }
      position += bytesRead;
      pending = pending.length === 0 ? Buffer.from(chunk.subarray(0, bytesRead)) : Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
      let start = 0;
      let end: number;
      while (batch.rows.length < maxRows && (end = pending.indexOf(NEWLINE, start)) !== -1) {
        if (end > start) {
          const row = parseRow(pending.subarray(start, end));
          if (row === undefined) batch.unreadableAt.push(batch.nextOffset);
          else batch.rows.push(row);
        }
        batch.nextOffset += end + 1 - start;
        start = end + 1;
      }
      pending = pending.subarray(start);
    }
    if (!batch.done) {
      // A full batch that ends exactly at the end of the file: say so now rather than with an empty batch.
      const { bytesRead } = await file.read(chunk, 0, 1, batch.nextOffset);
      batch.done = bytesRead === 0;
    }
  } finally {
    await file.close();
  }
  return batch;
}

function parseRow(bytes: Buffer): RequestLogRow | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const row = value as Partial<RequestLogRow>;
  return typeof row.id === 'string' && typeof row.at === 'number' ? (row as RequestLogRow) : undefined;
}
