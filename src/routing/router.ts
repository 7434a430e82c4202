import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { computeCost, costNusd } from '../catalog/compute-cost.js';
import { collectChatResult } from '../providers/collect-chat-result.js';
import type { ChatResponse } from '../providers/provider.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { EmbeddingRequest, EmbeddingResult } from '../spec/embedding.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { AttemptSpan, RequestSpan } from '../telemetry/tracing.js';
import type { Cancellation } from '../upstream/cancellation.js';
import type { InternalChatAnswer } from './classify/internal-chat.js';
import type { Deployment } from './deployment.js';
import { errorSummary, RouteTrace } from './explain.js';
import { exclusionError } from './exclusion-error.js';
import { hedgeAttempt } from './hedge-attempt.js';
import { recordFailure } from './record-failure.js';
import { filterDeployments } from './filter-deployments.js';
import type { ModelGroup } from './model-table.js';
import { memoryExclusion, planGroup, type AttemptMemory, type Exclusion, type RouteRequest } from './plan-group.js';
import { estimatedRequestTokens, PromptSize } from './prompt-size.js';
import type { RouterParts } from './router-parts.js';
import { NO_HINTS, type RoutingHints } from './routing-hints.js';
import { sendChatAttempt } from './send-chat-attempt.js';
import { sleepUnlessCancelled } from './sleep-unless-cancelled.js';
import { backoffDelay } from './backoff-delay.js';
import type { Candidate } from './strategies/strategy.js';

/** A percentile of fewer samples than this says little; hedging waits for after_ms (or does not hedge) until then. */
const MIN_PERCENTILE_SAMPLES = 20;

export interface RouteCall {
  requestId: string;
  cancellation: Cancellation;
  /** Epoch ms by which the whole request must be done (0: no deadline); no backoff waits past it. */
  deadlineAt: number;
  headers: IncomingHttpHeaders;
  hints: RoutingHints;
  /** Filled in as routing goes; the caller reads it for headers, debug output and the request log, failure or not. */
  trace: RouteTrace;
  keyName?: string | undefined;
  team?: string | undefined;
  /** The caller's key may use this deployment; undefined: every one. */
  allows?: ((deployment: Deployment) => boolean) | undefined;
  /** The request's span when tracing is on: each attempt gets a child span. */
  span?: RequestSpan | undefined;
}

/**
 * Sends one attempt; `canFailOver` says whether a failure can still move elsewhere (then a stream is
 * read up to its first output before it counts as sent). The sender ends the attempt's `span` (tracing on).
 */
export type AttemptSender<T> = (candidate: Candidate, canFailOver: boolean, cancellation: Cancellation, span: AttemptSpan | undefined) => Promise<T>;

export interface Routed<T> {
  value: T;
  deployment: Deployment;
}

/**
 * The routing loop (ARCHITECTURE.md "Routing"): for the requested group, then its fallback groups,
 * plan (select, filter, rank) and try candidates in order. A failure moves on when another
 * deployment may do better (failure-handling.ts); a request-side error stops at once. Once every
 * candidate has been tried and attempts remain, a jittered backoff (at least what the provider asked
 * for) precedes another round, re-planned with what health learned meanwhile. Every attempt's outcome
 * feeds the deployment's health, which the next request's filters and strategies read.
 */
export class Router {
  constructor(readonly parts: RouterParts) {
    // The parts' selectors (an `llm` classifier) send their own requests through this router.
    parts.bindInternalChat((groupName, request, cancellation) => this.chatInternally(groupName, request, cancellation));
  }

  /** A request the gateway makes for itself (see InternalChat): routed like a client's, without key, hints or deadline of its own. */
  async chatInternally(groupName: string, request: ChatRequest, cancellation: Cancellation): Promise<InternalChatAnswer> {
    const group = this.parts.models.resolve(groupName);
    if (group === undefined) throw new GatewayError('GW_ERR_MODEL_NOT_FOUND', `the internal request's model group "${groupName}" does not exist on this gateway`);
    const routed = await this.routeChat(group, request, {
      requestId: `internal-${randomUUID()}`,
      cancellation,
      deadlineAt: 0,
      headers: {},
      hints: NO_HINTS,
      trace: new RouteTrace(groupName, this.parts.now),
    });
    const { deployment } = routed;
    const result = routed.value.kind === 'result' ? routed.value.result : await collectChatResult(routed.value.parts, deployment.model);
    return { text: result.choices[0]?.content ?? '', deployment: deployment.id, usage: result.usage, costNusd: costNusd(computeCost(result.usage, deployment.price)) };
  }

  routeChat(group: ModelGroup, request: ChatRequest, call: RouteCall): Promise<Routed<ChatResponse>> {
    const route = this.routeRequest(request, call, (deployments, chat, promptTokens) => filterDeployments(deployments, chat, promptTokens));
    const send: AttemptSender<ChatResponse> = (candidate, canFailOver, cancellation, span) =>
      sendChatAttempt(this.parts, candidate, request, { requestId: call.requestId, cancellation, traceparent: span?.traceparent }, canFailOver, route.promptSize, span);
    return this.run('chat', group, route, call, send, disposeChatResponse);
  }

  routeEmbedding(group: ModelGroup, request: EmbeddingRequest, call: RouteCall): Promise<Routed<EmbeddingResult>> {
    const chatShaped = { model: request.model, messages: [] } as ChatRequest;
    const route = this.routeRequest(chatShaped, call, (deployments) => {
      // An unknown model may embed (its capabilities are assumed); a known one must be an embedding model.
      const eligible = deployments.filter((deployment) => deployment.mode === 'embedding' || deployment.catalogEntry === undefined);
      const rejected = deployments
        .filter((deployment) => !eligible.includes(deployment))
        .map((deployment) => ({ deployment, param: 'model', kind: 'request' as const, reason: `${deployment.id} is a chat model, not an embedding model; use POST /v1/chat/completions, or pick an embedding model from GET /v1/models` }));
      return { eligible, rejected };
    });
    const send: AttemptSender<EmbeddingResult> = async (candidate, _canFailOver, cancellation, span) => {
      const { deployment } = candidate;
      const startedAt = this.parts.now();
      this.parts.health.begin(deployment.id);
      try {
        const result = await deployment.provider.embed({ ...request, model: deployment.model }, { requestId: call.requestId, cancellation, traceparent: span?.traceparent });
        this.parts.health.record(deployment.id, { kind: 'success', ttftMs: this.parts.now() - startedAt });
        span?.embedded(result);
        return result;
      } catch (error) {
        span?.failed(error, cancellation.aborted);
        throw error;
      } finally {
        this.parts.health.end(deployment.id);
      }
    };
    return this.run('embeddings', group, route, call, send, () => {});
  }

  private routeRequest(request: ChatRequest, call: RouteCall, filter: RouteRequest['filter']): RouteRequest {
    const promptSize = new PromptSize(request, this.parts.countText);
    const { parts } = this;
    return {
      request,
      hints: call.hints,
      promptSize,
      filter,
      allows: call.allows,
      features: {
        request,
        headers: call.headers,
        keyName: call.keyName,
        team: call.team,
        promptTokens: () => promptSize.tokens(),
        now: parts.now(),
        random: parts.random,
        cancellation: call.cancellation,
        deadlineAt: call.deadlineAt,
      },
    };
  }

  private async run<T>(
    operation: 'chat' | 'embeddings',
    group: ModelGroup,
    route: RouteRequest,
    call: RouteCall,
    send: AttemptSender<T>,
    dispose: (value: T) => void,
  ): Promise<Routed<T>> {
    const { parts } = this;
    const { trace } = call;
    /** The last attempt span's number: counted only inside `call.span?.…`, so not at all when tracing is off. */
    let attemptNumber = 0;
    const retry = group.retry;
    const memory: AttemptMemory = { refusedProviders: undefined, minimumContextWindow: 0 };
    const exclusions: Exclusion[] = [];
    const chain = [group, ...(call.hints.fallbacks ?? group.fallbacks).map((name) => this.fallbackGroup(name))];
    let attemptsLeft = retry.max_attempts;
    let lastError: GatewayError | undefined;
    let waitedMs: number | undefined;
    /** A failed attempt: into the trace and health; the request stops here if no other deployment can do better. */
    const failed = (candidate: Candidate, groupName: string, error: GatewayError, startedAtMs: number, durationMs: number, hedge: boolean): void => {
      trace.attempt({
        deployment: candidate.deployment.id,
        group: groupName,
        outcome: 'error',
        startedAtMs,
        durationMs,
        error: errorSummary(error),
        ...(hedge ? { hedge: true } : {}),
        ...(waitedMs === undefined ? {} : { waitedMs }),
      });
      waitedMs = undefined;
      lastError = error;
      if (this.learnFrom(error, candidate.deployment, route, memory) === 'stop') throw this.finalError(error, group, trace);
    };
    for (let round = 0; ; round++) {
      if (round > 0) {
        const wait = backoffDelay(round, retry, parts.random, lastError?.retryAfterSeconds === undefined ? undefined : lastError.retryAfterSeconds * 1000);
        if (wait === undefined || (call.deadlineAt > 0 && parts.now() + wait >= call.deadlineAt)) throw this.finalError(lastError!, group, trace);
        await sleepUnlessCancelled(wait, call.cancellation);
        waitedMs = wait;
      }
      let sent = 0;
      for (const candidateGroup of chain) {
        const plan = await planGroup(parts, candidateGroup, route, memory, trace);
        if (round === 0) exclusions.push(...plan.exclusions);
        for (let index = 0; index < plan.ordered.length && attemptsLeft > 0; index++) {
          const candidate = plan.ordered[index]!;
          if (!(await this.mayAttempt(candidate, plan.group.name, route, memory, call, exclusions))) continue;
          attemptsLeft--;
          sent++;
          const backup = plan.ordered[index + 1];
          const hedgeDelay = attemptsLeft > 0 && backup !== undefined ? this.hedgeDelay(plan.group, candidate, backup) : undefined;
          if (hedgeDelay !== undefined) {
            const startedAtMs = trace.elapsedMs();
            const result = await hedgeAttempt(
              (chosen, cancellation) =>
                send(chosen, true, cancellation, call.span?.attempt({ operation, request: route.request, deployment: chosen.deployment, number: ++attemptNumber, hedge: chosen === backup, group: plan.group.name, trace })),
              candidate,
              backup!,
              hedgeDelay,
              call.cancellation,
              parts.now,
              dispose,
            );
            if (result.backupStartedAtMs !== undefined) {
              attemptsLeft--;
              index++;
            }
            for (const failure of result.failures) {
              failed(failure.candidate, plan.group.name, failure.error, startedAtMs + failure.startedAtMs, failure.durationMs, failure.candidate === backup);
            }
            if (result.kind === 'ok') {
              const winnerIsBackup = result.winner === backup;
              if (result.backupStartedAtMs !== undefined && result.failures.length === 0) {
                const loser = winnerIsBackup ? candidate : backup!;
                trace.attempt({ deployment: loser.deployment.id, group: plan.group.name, outcome: 'cancelled', startedAtMs: winnerIsBackup ? startedAtMs : startedAtMs + result.backupStartedAtMs, durationMs: 0, ...(winnerIsBackup ? {} : { hedge: true }), note: 'the other hedged attempt answered first' });
              }
              trace.attempt({ deployment: result.winner.deployment.id, group: plan.group.name, outcome: 'ok', startedAtMs: winnerIsBackup ? startedAtMs + (result.backupStartedAtMs ?? 0) : startedAtMs, durationMs: trace.elapsedMs() - startedAtMs, ...(winnerIsBackup ? { hedge: true } : {}) });
              return { value: result.value, deployment: result.winner.deployment };
            }
            continue;
          }
          const startedAtMs = trace.elapsedMs();
          try {
            const span = call.span?.attempt({ operation, request: route.request, deployment: candidate.deployment, number: ++attemptNumber, hedge: false, group: plan.group.name, trace });
            const value = await send(candidate, attemptsLeft > 0, call.cancellation, span);
            trace.attempt({ deployment: candidate.deployment.id, group: plan.group.name, outcome: 'ok', startedAtMs, durationMs: trace.elapsedMs() - startedAtMs, ...(waitedMs === undefined ? {} : { waitedMs }) });
            return { value, deployment: candidate.deployment };
          } catch (error) {
            if (call.cancellation.aborted) throw call.cancellation.reason instanceof GatewayError ? call.cancellation.reason : error;
            if (!(error instanceof GatewayError)) throw error;
            failed(candidate, plan.group.name, error, startedAtMs, trace.elapsedMs() - startedAtMs, false);
          }
        }
      }
      if (sent === 0) throw lastError === undefined ? exclusionError(group.name, exclusions) : this.finalError(lastError, group, trace);
      if (attemptsLeft === 0) throw this.finalError(lastError!, group, trace);
    }
  }

  /** The last checks before a call: what this request learned since planning, a half-open circuit's single probe, RPM/TPM. */
  private async mayAttempt(candidate: Candidate, groupName: string, route: RouteRequest, memory: AttemptMemory, call: RouteCall, exclusions: Exclusion[]): Promise<boolean> {
    const { deployment } = candidate;
    const { parts } = this;
    // Planned before an earlier attempt of this request failed: what that failure taught still applies.
    if (memoryExclusion(memory, deployment) !== undefined) return false;
    const skip = (note: string, exclusion?: Exclusion): false => {
      call.trace.attempt({ deployment: deployment.id, group: groupName, outcome: 'skipped', startedAtMs: call.trace.elapsedMs(), durationMs: 0, note });
      if (exclusion !== undefined) exclusions.push(exclusion);
      return false;
    };
    if (candidate.health.circuit === 'half-open' && !(await parts.health.claimProbe(deployment.id))) {
      return skip('circuit half-open and another request is its probe', { deployment, kind: 'health', reason: `${deployment.id}: circuit half-open, probe in flight`, retryAfterMs: 1000 });
    }
    if (deployment.rpm !== undefined || deployment.tpm !== undefined) {
      const limit = await parts.limits.acquire(deployment, estimatedRequestTokens(route.request, route.promptSize));
      if (!limit.ok) return skip(limit.reason, { deployment, kind: 'limit', reason: `${deployment.id}: ${limit.reason}`, retryAfterMs: limit.retryAfterMs });
    }
    return true;
  }

  /**
   * When to send a hedge (a second attempt to the next candidate) if this one has not answered: the
   * configured percentile of this replica's recent times to first token of the deployment (once it has
   * enough of them), else after_ms; undefined when hedging is off or the backup is not plainly available
   * (a half-open circuit's probe or an RPM/TPM allowance is not spent on a maybe).
   */
  private hedgeDelay(group: ModelGroup, candidate: Candidate, backup: Candidate): number | undefined {
    const { hedge } = group;
    if (hedge.after_ms === undefined && hedge.after_percentile === undefined) return undefined;
    if (backup.health.circuit !== 'closed' || backup.deployment.rpm !== undefined || backup.deployment.tpm !== undefined) return undefined;
    if (hedge.after_percentile !== undefined) {
      const samples = this.parts.health.recentTtfts(candidate.deployment.id);
      if (samples.length >= MIN_PERCENTILE_SAMPLES) return percentile(samples, hedge.after_percentile);
    }
    return hedge.after_ms;
  }

  /** Records the failure in health and narrows what the rest of this request may try. */
  private learnFrom(error: GatewayError, deployment: Deployment, route: RouteRequest, memory: AttemptMemory): 'stop' | 'go on' {
    const handling = recordFailure(this.parts.health, deployment, error, this.parts.routing.cooldown);
    switch (handling.next) {
      case 'stop':
        return 'stop';
      case 'other-credentials':
        (memory.refusedProviders ??= new Set()).add(deployment.providerId);
        return 'go on';
      case 'larger-context':
        memory.minimumContextWindow = Math.max(memory.minimumContextWindow, deployment.contextWindow ?? route.promptSize.tokens());
        return 'go on';
      default:
        return 'go on';
    }
  }

  private fallbackGroup(name: string): ModelGroup {
    const group = this.parts.models.resolve(name);
    if (group === undefined) {
      throw new GatewayError('GW_ERR_MODEL_NOT_FOUND', `skyroute.fallbacks: the model "${name}" does not exist on this gateway; GET /v1/models lists the names it serves.`, { param: 'skyroute.fallbacks' });
    }
    return group;
  }

  /**
   * The last error, its message saying what came before: how often the one deployment failed, or each
   * deployment's error when there were several (the provider of the last one named).
   */
  private finalError(error: GatewayError, group: ModelGroup, trace: RouteTrace): GatewayError {
    const failed = trace.attempts.filter((attempt) => attempt.outcome === 'error');
    if (failed.length <= 1) return error;
    const deployments = new Set(failed.map((attempt) => attempt.deployment));
    const message =
      deployments.size === 1
        ? `${error.message} (${failed.length} attempts, all failed)`
        : `All ${failed.length} attempts to serve "${group.name}" failed. ${failed.map((attempt) => `${attempt.deployment}: ${attempt.error?.message ?? ''}`).join(' | ')}`;
    return new GatewayError(error.code, message, {
      status: error.status,
      param: error.param,
      provider: error.provider,
      upstreamStatus: error.upstreamStatus,
      upstreamCode: error.upstreamCode,
      retryAfterSeconds: error.retryAfterSeconds,
      retryable: error.retryable,
      cause: error,
    });
  }
}

function percentile(samples: readonly number[], rank: number): number {
  const sorted = [...samples].sort((first, second) => first - second);
  return sorted[Math.min(sorted.length - 1, Math.floor((rank / 100) * sorted.length))]!;
}

/**
 * A hedged stream that lost: its upstream request is already aborted; starting to read it runs the
 * stream's own ending (in-flight count, no health record for a cancelled attempt), which a stream
 * never read would skip.
 */
function disposeChatResponse(response: ChatResponse): void {
  if (response.kind !== 'stream') return;
  const iterator = response.parts[Symbol.asyncIterator]();
  void iterator.next().then(
    () => iterator.return?.(),
    () => undefined,
  );
}
