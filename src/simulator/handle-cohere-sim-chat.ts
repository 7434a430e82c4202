import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequestAgainstProfile } from './check-request-against-profile.js';
import { cohereSimErrors } from './cohere-sim-errors.js';
import { createCohereSimEventSink } from './create-cohere-sim-event-sink.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { decodeCohereSimRequest } from './decode-cohere-sim-request.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { planCompletion } from './plan-completion.js';
import { renderCohereSimChat } from './render-cohere-sim-chat.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { answerSimCompletionAtOnce, streamSimCompletion } from './serve-sim-completion.js';
import { planToStreamParts } from './simulated-stream-part.js';

/** `POST /v2/chat`: model lookup, fault injection, validation, then the answer in Cohere's shape. */
export function handleCohereSimChat(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  requestId: string,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    cohereSimErrors.send(response, failure, requestId);
  };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(cohereSimErrors.invalidJson());
  const fields = body as Record<string, unknown>;
  const model = fields.model;
  if (typeof model !== 'string' || model === '') return fail(cohereSimErrors.invalid('model must be specified'));
  const runtime = state.runtimes.get(model);
  if (!runtime) return fail(cohereSimErrors.modelNotFound(model));
  if (runtime.profile.kind !== 'chat') return fail(cohereSimErrors.invalid(`model '${model}' does not support the chat endpoint`));

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(cohereSimErrors.fromFault(fault)));

  const decoded = decodeCohereSimRequest(fields, model, { profileReasons: runtime.profile.reasoning });
  if ('status' in decoded) return fail(decoded);
  const promptTokens = estimatePromptTokens(decoded.request);
  const violation = checkRequestAgainstProfile(decoded.request, runtime.profile, promptTokens);
  if (violation) return fail(cohereSimErrors.fromViolation(violation, model));

  const plan = planCompletion(decoded.request, runtime, state.seed, promptTokens);
  const id = `5a1e0000-0000-4000-8000-${state.nextSequence().toString(16).padStart(12, '0')}`;
  if (decoded.stream) {
    const sink = createCohereSimEventSink(response, { requestId, id, plan });
    return streamSimCompletion(state, response, runtime, planToStreamParts(plan, runtime), fate, sink);
  }
  answerSimCompletionAtOnce(state, response, runtime, plan.usage.completionTokens, fate, () => {
    sendSimJson(response, 200, renderCohereSimChat(plan, id), { 'x-request-id': requestId });
  });
}
