import type { ChatResponse, ProviderCallContext } from '../providers/provider.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { Usage } from '../spec/usage.js';
import type { AttemptSpan } from '../telemetry/tracing.js';
import { recordFailure } from './record-failure.js';
import { estimatedRequestTokens, type PromptSize } from './prompt-size.js';
import type { RouterParts } from './router-parts.js';
import type { Candidate } from './strategies/strategy.js';
import { watchStream, type StreamEnd } from './watch-stream.js';

/** A token rate measured over less time than this says more about network jitter than about the model. */
const MIN_RATE_WINDOW_MS = 20;

/**
 * One chat attempt on one deployment, with its health bookkeeping: in-flight count, and once the
 * answer is complete a latency sample (time to first token and tokens per second) or, for a stream that
 * failed after its first token, a failure. When `canFailOver`, a stream is read up to its first output
 * first, so that a failure before it is an ordinary (invisible) failed attempt. Failures before any
 * answer are recorded by the router, which decides what they mean. The attempt's span (tracing on)
 * ends with the answer, the failure, or a stream's end.
 */
export async function sendChatAttempt(
  parts: RouterParts,
  candidate: Candidate,
  request: ChatRequest,
  context: ProviderCallContext,
  canFailOver: boolean,
  promptSize: PromptSize,
  span: AttemptSpan | undefined,
): Promise<ChatResponse> {
  const { deployment } = candidate;
  const { health, now } = parts;
  const startedAt = now();
  health.begin(deployment.id);
  let response: ChatResponse;
  try {
    response = await deployment.provider.chat({ ...request, model: deployment.model }, context);
  } catch (error) {
    health.end(deployment.id);
    span?.failed(error, context.cancellation.aborted);
    throw error;
  }
  if (response.kind === 'result') {
    health.end(deployment.id);
    span?.result(response.result);
    const { usage } = response.result;
    const totalMs = now() - startedAt;
    // A whole answer at once: its time to first token is the total less the output at the deployment's known rate.
    const rate = candidate.health.tokensPerSecond;
    const ttftMs = rate !== undefined && rate > 0 && usage !== undefined ? Math.max(0, totalMs - (usage.outputTokens * 1000) / rate) : totalMs;
    health.record(deployment.id, { kind: 'success', ttftMs });
    settleTokens(parts, candidate, request, promptSize, usage);
    return response;
  }
  const watched = await watchStream(response.parts, canFailOver, now, (end) => {
    health.end(deployment.id);
    // A cancelled attempt (the client left, or a hedge lost) says nothing about the deployment.
    if (!context.cancellation.aborted) recordStreamEnd(parts, candidate, startedAt, end);
    settleTokens(parts, candidate, request, promptSize, end.usage);
    span?.streamEnded(end, context.cancellation.aborted);
  });
  if (watched.kind === 'failed') {
    health.end(deployment.id);
    span?.failed(watched.error, context.cancellation.aborted);
    throw watched.error;
  }
  return { ...response, parts: watched.parts };
}

function recordStreamEnd(parts: RouterParts, candidate: Candidate, startedAt: number, end: StreamEnd): void {
  const { deployment } = candidate;
  if (end.error !== undefined) {
    recordFailure(parts.health, deployment, end.error, parts.routing.cooldown, 'mid-stream');
    return;
  }
  // A client that left early says nothing about the deployment.
  if (end.abandoned || end.firstOutputAt === undefined) return;
  const ttftMs = end.firstOutputAt - startedAt;
  const generatingMs = end.endedAt - end.firstOutputAt;
  const outputTokens = end.usage?.outputTokens ?? end.outputParts;
  const tokensPerSecond = generatingMs >= MIN_RATE_WINDOW_MS && outputTokens > 1 ? ((outputTokens - 1) * 1000) / generatingMs : undefined;
  parts.health.record(deployment.id, tokensPerSecond === undefined ? { kind: 'success', ttftMs } : { kind: 'success', ttftMs, tokensPerSecond });
}

function settleTokens(parts: RouterParts, candidate: Candidate, request: ChatRequest, promptSize: PromptSize, usage: Usage | undefined): void {
  const { deployment } = candidate;
  if (deployment.tpm === undefined || usage === undefined) return;
  parts.limits.settle(deployment, estimatedRequestTokens(request, promptSize), usage.inputTokens + usage.outputTokens);
}
