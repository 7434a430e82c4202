import type { Aggregator, Metric } from 'prom-client';

export interface CollectedValue {
  value: number;
  labels: Record<string, string | number>;
  /** For a histogram's `_bucket`, `_sum` and `_count` lines. */
  metricName?: string;
}

export interface CollectedMetricDefinition {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** How `skyroute start --workers N` combines the workers' values (prom-client's AggregatorRegistry): sum unless said. */
  aggregator?: Aggregator;
  /** Reads the current values: called at scrape time only. */
  collect: () => CollectedValue[];
}

/**
 * A metric family that prom-client's Registry formats (and AggregatorRegistry aggregates across
 * workers) but whose values come from our own plain records at scrape time. prom-client's Counter and
 * Histogram keep their values in their own label-hashed maps, filled by inc()/observe() on the request
 * path, and a Histogram's buckets cannot be set from outside; a registry needs only `name` and `get()`.
 * The cast is there because prom-client's types describe its own classes (and a numeric `type` that its
 * runtime spells as a string).
 */
export function collectedMetric(definition: CollectedMetricDefinition): Metric {
  const { name, help, type, collect } = definition;
  const aggregator = definition.aggregator ?? 'sum';
  const metric = {
    name,
    help,
    type,
    aggregator,
    get: async () => ({ name, help, type, aggregator, values: collect() }),
    reset: () => {},
  };
  return metric as unknown as Metric;
}
