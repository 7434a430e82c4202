import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { computeCost, costNusd } from '../catalog/compute-cost.js';
import type { Deployment } from '../routing/deployment.js';
import type { StreamEnd } from '../routing/watch-stream.js';
import type { ChatResult } from '../spec/chat-result.js';
import type { EmbeddingResult } from '../spec/embedding.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Usage } from '../spec/usage.js';
import { GEN_AI, GEN_AI_OPERATION } from './gen-ai-attributes.js';
import { genAiProviderName } from './gen-ai-provider-name.js';
import { traceparentOf } from './trace-context.js';
import type { AttemptDetails, AttemptSpan } from './tracing.js';

/**
 * One upstream attempt as a CLIENT span, a child of the request's, with the GenAI semantic
 * conventions' attributes (gen-ai-attributes.ts) and ours under `skyroute.`. What it records is
 * counts, names and codes: never message content, never a key, never an error's message (an upstream's
 * may quote the prompt).
 */
export class OtelAttemptSpan implements AttemptSpan {
  readonly traceparent: string;
  private readonly span: Span;
  private readonly deployment: Deployment;

  constructor(tracer: Tracer, parent: Span, details: AttemptDetails) {
    const { deployment, request } = details;
    this.deployment = deployment;
    const decision = details.trace.decisions[details.trace.decisions.length - 1];
    const attributes: Attributes = {
      [GEN_AI.operationName]: GEN_AI_OPERATION[details.operation],
      [GEN_AI.providerName]: genAiProviderName(deployment.provider.type),
      [GEN_AI.requestModel]: deployment.model,
      'skyroute.deployment': deployment.id,
      'skyroute.provider': deployment.providerId,
      'skyroute.group': details.group,
      'skyroute.attempt': details.number,
      'skyroute.hedge': details.hedge,
    };
    const maxTokens = request.max_completion_tokens ?? request.max_tokens;
    if (typeof maxTokens === 'number') attributes[GEN_AI.requestMaxTokens] = maxTokens;
    if (typeof request.temperature === 'number') attributes[GEN_AI.requestTemperature] = request.temperature;
    if (typeof request.top_p === 'number') attributes[GEN_AI.requestTopP] = request.top_p;
    if (decision !== undefined) attributes['skyroute.route_reason'] = decision.reason ?? decision.strategy;
    this.span = tracer.startSpan(`${GEN_AI_OPERATION[details.operation]} ${deployment.model}`, { kind: SpanKind.CLIENT, attributes }, trace.setSpan(ROOT_CONTEXT, parent));
    this.traceparent = traceparentOf(this.span);
  }

  result(result: ChatResult): void {
    const reasons: string[] = [];
    for (const choice of result.choices) if (choice.finishReason !== null) reasons.push(choice.finishReason);
    this.answered(result.model, reasons, result.usage);
    this.span.end();
  }

  embedded(result: EmbeddingResult): void {
    this.answered(result.model, undefined, result.usage);
    this.span.end();
  }

  streamEnded(end: StreamEnd, cancelled: boolean): void {
    this.answered(end.responseModel, end.finishReason === undefined ? undefined : [end.finishReason], end.usage);
    if (end.error !== undefined) this.failure(end.error);
    else if (cancelled || end.abandoned) this.span.setAttribute('skyroute.outcome', 'cancelled');
    this.span.end();
  }

  failed(error: unknown, cancelled: boolean): void {
    if (cancelled) this.span.setAttribute('skyroute.outcome', 'cancelled');
    else this.failure(error);
    this.span.end();
  }

  private answered(model: string | undefined, finishReasons: string[] | undefined, usage: Usage | undefined): void {
    // A span the sampler left out records nothing: build nothing for it.
    if (!this.span.isRecording()) return;
    const attributes: Attributes = { 'skyroute.outcome': 'ok' };
    if (model !== undefined && model !== '') attributes[GEN_AI.responseModel] = model;
    if (finishReasons !== undefined && finishReasons.length > 0) attributes[GEN_AI.responseFinishReasons] = finishReasons;
    if (usage !== undefined) {
      attributes[GEN_AI.usageInputTokens] = usage.inputTokens;
      attributes[GEN_AI.usageOutputTokens] = usage.outputTokens;
      attributes['skyroute.cost_usd'] = costNusd(computeCost(usage, this.deployment.price)) / 1e9;
    }
    this.span.setAttributes(attributes);
  }

  private failure(error: unknown): void {
    if (!this.span.isRecording()) return;
    const attributes: Attributes = { 'skyroute.outcome': 'error', [ATTR_ERROR_TYPE]: errorType(error) };
    if (error instanceof GatewayError && error.upstreamStatus !== undefined) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = error.upstreamStatus;
    this.span.setAttributes(attributes);
    // The code, not the message: an upstream's message may quote what it was sent.
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
  }
}

/** error.type: our stable code (GW_ERR_…), else the error's class name. */
export function errorType(error: unknown): string {
  if (error instanceof GatewayError) return error.code;
  return error instanceof Error ? error.name : '_OTHER';
}
