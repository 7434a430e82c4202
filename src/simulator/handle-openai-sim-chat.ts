import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequestAgainstProfile } from './check-request-against-profile.js';
import type { ModelRuntime } from './create-model-runtime.js';
import { createOpenAiSimChunkSink } from './create-openai-sim-chunk-sink.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate, type RequestFate } from './decide-request-fate.js';
import { decodeOpenAiSimChatRequest } from './decode-openai-sim-chat-request.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { findSimModel } from './find-sim-model.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import { paceStreamParts } from './pace-stream-parts.js';
import { planCompletion, type CompletionPlan } from './plan-completion.js';
import { renderOpenAiSimCompletion } from './render-openai-sim-completion.js';
import { respondToOpenAiSimFault } from './respond-to-openai-sim-fault.js';
import { sendOpenAiSimError, type OpenAiSimError } from './send-openai-sim-error.js';
import { planToStreamParts } from './simulated-stream-part.js';
import { trackGeneration } from './track-generation.js';

/** `POST /v1/chat/completions`: model lookup, fault injection, validation, then the answer. */
export function handleOpenAiSimChat(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  requestId: string,
): void {
  const fail = (error: OpenAiSimError): void => {
    state.stats.completed++;
    sendOpenAiSimError(response, error, requestId);
  };
  const found = findSimModel(state, body, 'chat');
  if ('status' in found) return fail(found);
  const { model, runtime } = found;

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToOpenAiSimFault(state, request, fate.fault, model, fail);

  const decoded = decodeOpenAiSimChatRequest(body as Record<string, unknown>, model);
  if ('status' in decoded) return fail(decoded);
  const promptTokens = estimatePromptTokens(decoded.request);
  const violation = checkRequestAgainstProfile(decoded.request, runtime.profile, promptTokens);
  if (violation) return fail(openAiSimErrors.fromViolation(violation));

  const plan = planCompletion(decoded.request, runtime, state.seed, promptTokens);
  const meta = {
    id: `chatcmpl-sim${state.nextSequence().toString(36).padStart(20, '0')}`,
    created: Math.floor(Date.now() / 1000),
    model,
  };
  if (decoded.stream) streamAnswer(state, response, runtime, plan, fate, { ...meta, includeUsage: decoded.includeUsage, requestId });
  else answerAtOnce(state, response, runtime, plan, fate, meta, requestId);
}

function streamAnswer(
  state: SimulatorState,
  response: ServerResponse,
  runtime: ModelRuntime,
  plan: CompletionPlan,
  fate: RequestFate,
  meta: { id: string; created: number; model: string; includeUsage: boolean; requestId: string },
): void {
  const { tokensPerSecond } = runtime.profile;
  const paced = fate.firstTokenDelayMs > 0 || (tokensPerSecond > 0 && Number.isFinite(tokensPerSecond));
  const parts = planToStreamParts(plan, runtime);
  const sink = createOpenAiSimChunkSink(response, {
    ...meta,
    plan,
    renderCache: parts === runtime.fixedTextParts ? state.encoderCache('openai') : undefined,
  });
  // A paced stream shows its headers at once, as providers do before the first token.
  if (paced) sink.open();
  if (fate.midStreamFailure) state.stats.midStreamFailures++;
  const generation = paced ? trackGeneration(state, response) : undefined;
  const cancel = paceStreamParts({
    parts,
    firstTokenDelayMs: fate.firstTokenDelayMs,
    tokensPerSecond,
    midStreamFailure: fate.midStreamFailure,
    sink,
    onPartWritten: () => state.stats.partsWritten++,
    onDone: () => {
      state.stats.completed++;
      generation?.done();
    },
  });
  generation?.setCancel(cancel);
}

function answerAtOnce(
  state: SimulatorState,
  response: ServerResponse,
  runtime: ModelRuntime,
  plan: CompletionPlan,
  fate: RequestFate,
  meta: { id: string; created: number; model: string },
  requestId: string,
): void {
  const { tokensPerSecond } = runtime.profile;
  const renderCache = plan.content === runtime.fixedTextTokens ? state.encoderCache('openai') : undefined;
  const send = (): void => {
    state.stats.completed++;
    state.stats.partsWritten += plan.usage.completionTokens;
    const answer = renderOpenAiSimCompletion(plan, meta, renderCache);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer), 'x-request-id': requestId });
    response.end(answer);
  };
  const generationMs =
    tokensPerSecond > 0 && Number.isFinite(tokensPerSecond) ? (plan.usage.completionTokens * 1000) / tokensPerSecond : 0;
  const delay = fate.firstTokenDelayMs + generationMs;
  if (delay <= 0) return send();
  const generation = trackGeneration(state, response);
  const timer = setTimeout(() => {
    generation.done();
    send();
  }, delay);
  generation.setCancel(() => clearTimeout(timer));
}
