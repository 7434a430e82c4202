import { AggregatorRegistry } from 'prom-client';
import { CLUSTER_METRICS_MESSAGES as MESSAGES } from './cluster-metrics-messages.js';

/** A worker as the primary sees it (node:cluster's Worker has these). */
export interface MetricsWorker {
  readonly id: number;
  send(message: unknown): boolean;
  isConnected(): boolean;
}

/** The primary's view of its workers: node:cluster itself. */
export interface MetricsCluster {
  on(event: 'message', listener: (worker: MetricsWorker, message: unknown) => void): unknown;
  on(event: 'exit', listener: (worker: MetricsWorker) => void): unknown;
  off(event: 'message', listener: (worker: MetricsWorker, message: unknown) => void): unknown;
  off(event: 'exit', listener: (worker: MetricsWorker) => void): unknown;
}

interface Gathering {
  asker: MetricsWorker;
  askerId: number;
  waiting: Set<MetricsWorker>;
  collected: unknown[];
  timer: NodeJS.Timeout;
}

/**
 * The primary's side of `skyroute start --workers N` metrics: a scrape reaches one worker (they share
 * the port), which asks here; this asks every ready worker for its registry, sums the answers with
 * prom-client's AggregatorRegistry (by each metric's aggregator: counters and histograms add up, the
 * circuit gauge takes the worst) and answers the asking worker with the exposition text. A worker that
 * does not answer within `timeoutMs` fails the scrape rather than make the cluster's counters dip; a
 * worker that exits is not waited for. Returns a function that stops serving.
 */
export function serveClusterMetrics(cluster: MetricsCluster, timeoutMs = 5_000): () => void {
  const ready = new Set<MetricsWorker>();
  const gatherings = new Map<number, Gathering>();
  let nextId = 0;

  const answer = (gathering: Gathering, reply: { text: string } | { error: string }): void => {
    if (gathering.asker.isConnected()) gathering.asker.send({ type: MESSAGES.scraped, id: gathering.askerId, ...reply });
  };

  const finish = (id: number, error?: string): void => {
    const gathering = gatherings.get(id);
    if (gathering === undefined) return;
    gatherings.delete(id);
    clearTimeout(gathering.timer);
    if (error !== undefined) return answer(gathering, { error });
    let text: Promise<string>;
    try {
      text = AggregatorRegistry.aggregate(gathering.collected as object[]).metrics();
    } catch (failure) {
      return answer(gathering, { error: `the workers' metrics could not be summed: ${(failure as Error).message}` });
    }
    text.then(
      (metrics) => answer(gathering, { text: metrics }),
      (failure: unknown) => answer(gathering, { error: `the workers' metrics could not be formatted: ${(failure as Error).message}` }),
    );
  };

  const gather = (asker: MetricsWorker, askerId: number): void => {
    const id = nextId++;
    const targets = [...ready].filter((worker) => worker.isConnected());
    const timer = setTimeout(() => {
      const silent = [...(gatherings.get(id)?.waiting ?? [])].map((worker) => worker.id).join(', ');
      finish(id, `worker ${silent} did not send its metrics within ${timeoutMs} ms; try the scrape again`);
    }, timeoutMs);
    gatherings.set(id, { asker, askerId, waiting: new Set(targets), collected: [], timer });
    for (const worker of targets) worker.send({ type: MESSAGES.collect, id });
    if (targets.length === 0) finish(id);
  };

  const onMessage = (worker: MetricsWorker, message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const { type, id } = message as { type?: unknown; id?: unknown };
    if (type === MESSAGES.ready) {
      ready.add(worker);
      return;
    }
    if (typeof id !== 'number') return;
    if (type === MESSAGES.scrape) return gather(worker, id);
    if (type !== MESSAGES.collected) return;
    const gathering = gatherings.get(id);
    if (gathering === undefined || !gathering.waiting.delete(worker)) return;
    const { metrics, error } = message as { metrics?: unknown; error?: unknown };
    if (!Array.isArray(metrics)) return finish(id, `worker ${worker.id} could not read its metrics: ${typeof error === 'string' ? error : 'no answer'}`);
    gathering.collected.push(metrics);
    if (gathering.waiting.size === 0) finish(id);
  };

  const onExit = (worker: MetricsWorker): void => {
    ready.delete(worker);
    // Its figures left with it; the scrapes it was part of go on with the others.
    for (const [id, gathering] of gatherings) {
      if (gathering.waiting.delete(worker) && gathering.waiting.size === 0) finish(id);
    }
  };

  cluster.on('message', onMessage);
  cluster.on('exit', onExit);
  return () => {
    cluster.off('message', onMessage);
    cluster.off('exit', onExit);
    for (const id of [...gatherings.keys()]) finish(id, 'the primary process is shutting down');
  };
}
