import type { ChildProcess } from 'node:child_process';

/** What one load-generator run measured, whichever generator ran it. */
export interface LoadResult {
  generator: 'wrk' | 'autocannon';
  connections: number;
  /** Completed responses (any status). */
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses whose status was not 2xx/3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts. */
  errors: number;
}

export interface LoadOptions {
  url: string;
  /** JSON request body, POSTed with content-type application/json. */
  body: string;
  connections: number;
  durationSeconds: number;
  /** An Authorization header value to send (target `governed`: its virtual key). */
  authorization?: string;
  /** Core the load generator is pinned to. */
  core: number;
  /** Called with the load generator's process as soon as it starts (so it can be stopped on failure). */
  track?: (child: ChildProcess) => void;
}
