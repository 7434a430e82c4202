import type { Registry } from 'prom-client';
import { CLUSTER_METRICS_MESSAGES as MESSAGES } from './cluster-metrics-messages.js';

/** The IPC end a worker has: `process` in a node:cluster worker. */
export interface WorkerChannel {
  send?: ((message: unknown) => boolean) | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

interface Waiting {
  resolve: (text: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A worker's side of the cluster-wide scrape (see cluster-metrics-messages.ts): answers the primary's
 * `collect` with this worker's registry, and turns a scrape it got into a question to the primary,
 * which answers with every worker's figures summed.
 */
export class ClusterMetricsWorker {
  private readonly registry: Registry;
  private readonly channel: WorkerChannel;
  private readonly timeoutMs: number;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private readonly listener = (message: unknown): void => this.onMessage(message);

  constructor(options: { registry: Registry; channel: WorkerChannel; timeoutMs: number }) {
    this.registry = options.registry;
    this.channel = options.channel;
    this.timeoutMs = options.timeoutMs;
    this.channel.on('message', this.listener);
    this.send({ type: MESSAGES.ready });
  }

  /** The exposition text of every worker, summed by the primary. */
  scrape(): Promise<string> {
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      // The primary gives up on a silent worker after timeoutMs; this waits a little longer for its answer.
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the primary process did not answer a metrics request within ${this.timeoutMs + 1_000} ms`));
      }, this.timeoutMs + 1_000);
      this.waiting.set(id, { resolve, reject, timer });
      if (!this.send({ type: MESSAGES.scrape, id })) {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(new Error('this worker has no channel to the primary process'));
      }
    });
  }

  close(): void {
    this.channel.off('message', this.listener);
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('the gateway is shutting down'));
      this.waiting.delete(id);
    }
  }

  private onMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { type, id } = message as { type?: unknown; id?: unknown };
    if (typeof id !== 'number') return;
    if (type === MESSAGES.collect) {
      this.registry.getMetricsAsJSON().then(
        (metrics) => this.send({ type: MESSAGES.collected, id, metrics }),
        (error: unknown) => this.send({ type: MESSAGES.collected, id, error: error instanceof Error ? error.message : String(error) }),
      );
    } else if (type === MESSAGES.scraped) {
      const waiting = this.waiting.get(id);
      if (waiting === undefined) return;
      this.waiting.delete(id);
      clearTimeout(waiting.timer);
      const { text, error } = message as { text?: unknown; error?: unknown };
      if (typeof text === 'string') waiting.resolve(text);
      else waiting.reject(new Error(typeof error === 'string' ? error : 'the primary process answered a metrics request without metrics'));
    }
  }

  private send(message: Record<string, unknown>): boolean {
    if (this.channel.send === undefined) return false;
    try {
      // False only says the message waits in a backlog: it is still sent.
      this.channel.send(message);
      return true;
    } catch {
      // The channel closed (the primary is going away): the scrape fails on its own timer.
      return false;
    }
  }
}
