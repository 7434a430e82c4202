import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequestAgainstProfile } from './check-request-against-profile.js';
import { createOpenAiSimChunkSink } from './create-openai-sim-chunk-sink.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { decodeOpenAiSimChatRequest } from './decode-openai-sim-chat-request.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { findSimModel } from './find-sim-model.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import { planCompletion } from './plan-completion.js';
import { renderOpenAiSimCompletion } from './render-openai-sim-completion.js';
import { respondToOpenAiSimFault } from './respond-to-openai-sim-fault.js';
import { sendOpenAiSimError, type OpenAiSimError } from './send-openai-sim-error.js';
import { answerSimCompletionAtOnce, streamSimCompletion } from './serve-sim-completion.js';
import { planToStreamParts } from './simulated-stream-part.js';

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
  const id = `chatcmpl-sim${state.nextSequence().toString(36).padStart(20, '0')}`;
  const created = Math.floor(Date.now() / 1000);
  if (decoded.stream) {
    const parts = planToStreamParts(plan, runtime);
    const sink = createOpenAiSimChunkSink(response, {
      id,
      created,
      model,
      includeUsage: decoded.includeUsage,
      requestId,
      plan,
      renderCache: parts === runtime.fixedTextParts ? state.encoderCache('openai') : undefined,
    });
    return streamSimCompletion(state, response, runtime, parts, fate, sink);
  }
  const renderCache = plan.content === runtime.fixedTextTokens ? state.encoderCache('openai') : undefined;
  answerSimCompletionAtOnce(state, response, runtime, plan.usage.completionTokens, fate, () => {
    const answer = renderOpenAiSimCompletion(plan, { id, created, model }, renderCache);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer), 'x-request-id': requestId });
    response.end(answer);
  });
}
