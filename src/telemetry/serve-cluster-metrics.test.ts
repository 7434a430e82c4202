import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { logRow } from '../governance/request-log-test-support.js';
import { parsePrometheusText } from '../../test/support/parse-prometheus-text.js';
import { CLUSTER_METRICS_MESSAGES } from './cluster-metrics-messages.js';
import type { WorkerChannel } from './cluster-metrics-worker.js';
import { GatewayMetrics, type CircuitName } from './gateway-metrics.js';
import { metricLabelBounds } from './metric-label-bounds.js';
import { serveClusterMetrics, type MetricsWorker } from './serve-cluster-metrics.js';

/**
 * node:cluster's IPC in one process: a primary (an EventEmitter with `message` and `exit`, as the
 * cluster module is) and workers whose channels deliver asynchronously, as IPC does. The real thing,
 * across processes, is test/metrics.test.ts's `--workers 2` test.
 */
class FakeCluster extends EventEmitter {
  private nextId = 1;

  worker(): { worker: MetricsWorker & { exit(): void }; channel: WorkerChannel } {
    const incoming = new EventEmitter();
    let connected = true;
    const worker = {
      id: this.nextId++,
      send: (message: unknown) => {
        setImmediate(() => incoming.emit('message', structuredClone(message)));
        return true;
      },
      isConnected: () => connected,
      exit: () => {
        connected = false;
        this.emit('exit', worker);
      },
    };
    const channel: WorkerChannel = {
      send: (message: unknown) => {
        setImmediate(() => this.emit('message', worker, structuredClone(message)));
        return true;
      },
      on: (event, listener) => incoming.on(event, listener),
      off: (event, listener) => incoming.off(event, listener),
    };
    return { worker, channel };
  }
}

const bounds = metricLabelBounds([{ name: 'fast', configured: true, deployments: [{ id: 'sim/a', providerId: 'sim' }] }], ['sim']);

function workerMetrics(channel: WorkerChannel, circuit: CircuitName, queued: number): GatewayMetrics {
  const metrics = new GatewayMetrics({
    limits: { maxKeyLabels: 10, maxTeamLabels: 10 },
    circuitOf: () => circuit,
    queueDepth: () => queued,
    workerChannel: channel,
    clusterTimeoutMs: 200,
  });
  metrics.setLabelBounds(bounds);
  return metrics;
}

const route = { endpoint: 'chat', model: 'fast', deployment: 'sim/a', provider: 'sim' };

test('a scrape of one worker answers for all: counters and histograms summed, the circuit at its worst', async () => {
  const cluster = new FakeCluster();
  const stop = serveClusterMetrics(cluster, 200);
  const one = cluster.worker();
  const two = cluster.worker();
  const first = workerMetrics(one.channel, 'closed', 3);
  const second = workerMetrics(two.channel, 'open', 4);
  try {
    first.recordRequest(logRow(1, { model: 'fast', deployment: 'sim/a', provider: 'sim', keyId: 'k1', teamId: undefined, latencyMs: 10 }));
    second.recordRequest(logRow(2, { model: 'fast', deployment: 'sim/a', provider: 'sim', keyId: 'k1', teamId: undefined, latencyMs: 2_000 }));
    second.recordRequest(logRow(3, { model: 'fast', deployment: 'sim/a', provider: 'sim', keyId: 'k1', teamId: undefined, latencyMs: 3_000 }));
    const local = parsePrometheusText(await first.registry.metrics());
    assert.equal(local.value('skyroute_requests_total', { ...route, key: 'k1', team: 'none' }), 1, 'a worker alone has its own figures');

    const { text } = await first.scrape();
    const exposition = parsePrometheusText(text);
    assert.equal(exposition.value('skyroute_requests_total', { ...route, key: 'k1', team: 'none' }), 3);
    assert.equal(exposition.value('skyroute_request_duration_seconds_count', route), 3);
    assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '0.025' }), 1);
    assert.equal(exposition.value('skyroute_request_duration_seconds_bucket', { ...route, le: '2.5' }), 2);
    assert.equal(exposition.value('skyroute_request_duration_seconds_sum', route), 5.01);
    assert.equal(exposition.value('skyroute_request_log_queue_depth'), 7);
    assert.equal(exposition.value('skyroute_deployment_circuit_state', { deployment: 'sim/a', provider: 'sim' }), 2);
    assert.equal(exposition.types.get('skyroute_request_duration_seconds'), 'histogram');
    assert.equal(parsePrometheusText((await second.scrape()).text).value('skyroute_requests_total', { ...route, key: 'k1', team: 'none' }), 3, 'either worker answers the same');
  } finally {
    first.close();
    second.close();
    stop();
  }
});

test('a ready worker that stays silent fails the scrape with a message; one that exits is not waited for', async () => {
  const cluster = new FakeCluster();
  const stop = serveClusterMetrics(cluster, 200);
  const one = cluster.worker();
  const first = workerMetrics(one.channel, 'closed', 0);
  const silent = cluster.worker();
  silent.channel.send!({ type: CLUSTER_METRICS_MESSAGES.ready });
  try {
    await assert.rejects(first.scrape(), /worker 2 did not send its metrics within 200 ms; try the scrape again/);
    silent.worker.exit();
    const exposition = parsePrometheusText((await first.scrape()).text);
    assert.equal(exposition.value('skyroute_request_log_queue_depth'), 0);
  } finally {
    first.close();
    stop();
  }
});
