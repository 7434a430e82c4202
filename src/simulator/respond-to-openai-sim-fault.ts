import type { IncomingMessage } from 'node:http';
import { applyTransportFault } from './apply-transport-fault.js';
import type { SimulatorState } from './create-simulator-state.js';
import type { SimulatedFault } from './decide-request-fate.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import type { OpenAiSimError } from './send-openai-sim-error.js';

/** Turns an injected fault into what api.openai.com would do, and counts it. */
export function respondToOpenAiSimFault(
  state: SimulatorState,
  request: IncomingMessage,
  fault: SimulatedFault,
  model: string,
  fail: (error: OpenAiSimError) => void,
): void {
  if (fault.kind === 'outage' && fault.mode !== 'error') return applyTransportFault(state, request, fault.mode);
  if (fault.kind === 'outage') state.stats.outages++;
  else if (fault.kind === 'burst') state.stats.bursts++;
  else if (fault.kind === 'rate-limit') state.stats.rateLimited++;
  else state.stats.serverErrors++;
  fail(openAiSimErrors.fromFault(fault, model));
}
