/**
 * The IPC messages of `skyroute start --workers N` metrics: a worker that gets a scrape asks the primary
 * (`scrape`), the primary asks every ready worker for its figures (`collect` → `collected`, prom-client's
 * getMetricsAsJSON), sums them with prom-client's AggregatorRegistry and answers the asking worker
 * (`scraped`). A worker says `ready` once it can answer; one still starting is not waited for.
 */
export const CLUSTER_METRICS_MESSAGES = Object.freeze({
  ready: 'skyroute:metrics:ready',
  scrape: 'skyroute:metrics:scrape',
  collect: 'skyroute:metrics:collect',
  collected: 'skyroute:metrics:collected',
  scraped: 'skyroute:metrics:scraped',
});
