import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path and query string as the client sent them. */
  path: string;
  /** Header names lower-cased; repeated headers joined with ", " (as Node does for most). */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none or it did not parse. */
  body: unknown;
  /** Epoch milliseconds. */
  receivedAt: number;
}

interface StoredRequest {
  method: string;
  path: string;
  /** Node's flat [name, value, name, value…] array: keeping it costs nothing, building the object does. */
  rawHeaders: string[];
  body: unknown;
  receivedAt: number;
}

export interface RequestLog {
  add(method: string, path: string, rawHeaders: string[], body: unknown, receivedAt: number): void;
  /** Oldest first. */
  list(): RecordedRequest[];
  clear(): void;
}

/** A ring buffer: recording stays O(1) and memory stays bounded however long a benchmark runs. */
export function createRequestLog(capacity: number): RequestLog {
  const entries: StoredRequest[] = [];
  let next = 0;
  return {
    add(method, path, rawHeaders, body, receivedAt) {
      const entry = { method, path, rawHeaders, body, receivedAt };
      if (entries.length < capacity) entries.push(entry);
      else entries[next] = entry;
      next = (next + 1) % capacity;
    },
    list() {
      const ordered = entries.length < capacity ? entries : [...entries.slice(next), ...entries.slice(0, next)];
      return ordered.map(({ rawHeaders, ...rest }) => ({ ...rest, headers: toHeaderObject(rawHeaders) }));
    },
    clear() {
      entries.length = 0;
      next = 0;
    },
  };
}

function toHeaderObject(rawHeaders: string[]): IncomingHttpHeaders {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}
