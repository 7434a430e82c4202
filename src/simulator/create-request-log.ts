import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path and query string as the client sent them. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none or it did not parse. */
  body: unknown;
  /** Epoch milliseconds. */
  receivedAt: number;
}

export interface RequestLog {
  add(entry: RecordedRequest): void;
  /** Oldest first. */
  list(): RecordedRequest[];
  clear(): void;
}

/** A ring buffer: recording stays O(1) and memory stays bounded however long a benchmark runs. */
export function createRequestLog(capacity: number): RequestLog {
  const entries: RecordedRequest[] = [];
  let next = 0;
  return {
    add(entry) {
      if (entries.length < capacity) entries.push(entry);
      else entries[next] = entry;
      next = (next + 1) % capacity;
    },
    list() {
      return entries.length < capacity ? entries.slice() : [...entries.slice(next), ...entries.slice(0, next)];
    },
    clear() {
      entries.length = 0;
      next = 0;
    },
  };
}
