import { Agent, request } from 'node:http';
import { countContentChunks } from './verify-response.js';

export interface TtfbResult {
  requests: number;
  /** Time from sending the request to the first body byte, in ms. */
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  /** Time from sending the request to the end of the stream, in ms. */
  totalP50Ms: number;
  totalP99Ms: number;
  /** Requests that were not 200 or did not carry every content chunk and [DONE]. */
  failures: number;
}

export interface TtfbOptions {
  url: string;
  /** A streaming request body. */
  body: string;
  requests: number;
  expectedChunks: number;
}

/**
 * Sends `requests` streaming requests one after another on one keep-alive connection and times
 * the first body byte and the end of each stream. Each stream is read to its end (and checked),
 * so the connection is reused and the gateway's upstream request is never cut short.
 */
export async function measureTtfb(options: TtfbOptions): Promise<TtfbResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ttfb: number[] = [];
  const total: number[] = [];
  let failures = 0;
  try {
    for (let index = 0; index < options.requests; index++) {
      const sample = await timeOne(agent, options);
      if (sample.ok) {
        ttfb.push(sample.ttfbMs);
        total.push(sample.totalMs);
      } else {
        failures++;
      }
    }
  } finally {
    agent.destroy();
  }
  return {
    requests: options.requests,
    ttfbP50Ms: percentile(ttfb, 50),
    ttfbP99Ms: percentile(ttfb, 99),
    totalP50Ms: percentile(total, 50),
    totalP99Ms: percentile(total, 99),
    failures,
  };
}

function timeOne(agent: Agent, options: TtfbOptions): Promise<{ ok: boolean; ttfbMs: number; totalMs: number }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let firstByteAt = 0;
    const req = request(options.url, { agent, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (firstByteAt === 0) firstByteAt = performance.now();
        text += chunk;
      });
      res.on('end', () => {
        const endedAt = performance.now();
        const ok =
          res.statusCode === 200 && countContentChunks(text) === options.expectedChunks && text.trimEnd().endsWith('data: [DONE]');
        resolve({ ok, ttfbMs: firstByteAt - startedAt, totalMs: endedAt - startedAt });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
