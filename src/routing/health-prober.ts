import type { HealthChecksConfig } from '../config/routing-config-schema.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/gateway-error.js';
import { Cancellation } from '../upstream/cancellation.js';
import type { Deployment } from './deployment.js';
import { recordFailure } from './record-failure.js';
import type { RouterParts } from './router-parts.js';


/**
 * Optional active health checks (routing.health_checks): every interval, each chat deployment of the
 * configured groups gets a one-token request, and its outcome feeds health like a real request's. So
 * an idle deployment keeps fresh latency figures, and an open circuit whose cool-down has passed is
 * probed by the checker rather than by a user's request. Every replica probes; each probe costs one
 * (tiny) request per deployment per interval, which is why it is off by default.
 */
export class HealthProber {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly parts: () => RouterParts,
    private readonly deployments: () => readonly Deployment[],
    private readonly config: () => HealthChecksConfig,
  ) {}

  start(): void {
    const { enabled, interval_ms: interval } = this.config();
    if (!enabled || interval <= 0 || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.probeAll(), interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round of probes (the timer calls it; tests may too). Rounds never overlap. */
  async probeAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await Promise.all(this.deployments().map((deployment) => this.probe(deployment)));
    } finally {
      this.running = false;
    }
  }

  private async probe(deployment: Deployment): Promise<void> {
    const parts = this.parts();
    const { health, now } = parts;
    const view = health.view(deployment.id);
    if (view.circuit === 'open') return;
    if (view.circuit === 'half-open' && !(await health.claimProbe(deployment.id))) return;
    const cancellation = new Cancellation();
    const timeoutMs = this.config().timeout_ms;
    const timer = setTimeout(() => cancellation.abort(new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `health check of ${deployment.id} took over ${timeoutMs} ms`, { provider: deployment.providerId })), timeoutMs);
    const startedAt = now();
    health.begin(deployment.id);
    try {
      const probe: ChatRequest = { model: deployment.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 };
      const response = await deployment.provider.chat(probe, { requestId: `health-check-${deployment.id}`, cancellation });
      if (response.kind === 'stream') for await (const batch of response.parts) void batch;
      health.record(deployment.id, { kind: 'success', ttftMs: now() - startedAt });
    } catch (error) {
      const failure = error instanceof GatewayError ? error : cancellation.reason;
      if (failure instanceof GatewayError) recordFailure(health, deployment, failure, parts.routing.cooldown, '(health check)');
    } finally {
      clearTimeout(timer);
      health.end(deployment.id);
    }
  }
}
