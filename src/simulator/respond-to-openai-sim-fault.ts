import type { IncomingMessage } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import type { SimulatedFault } from './decide-request-fate.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import type { OpenAiSimError } from './send-openai-sim-error.js';

/** Turns an injected fault into what api.openai.com would do, and counts it. */
export function respondToOpenAiSimFault(
  state: SimulatorState,
  request: IncomingMessage,
  fault: SimulatedFault,
  model: string,
  fail: (error: OpenAiSimError) => void,
): void {
  respondToSimFault(state, request, fault, (errorFault) => fail(openAiSimErrors.fromFault(errorFault, model)));
}
