import type { IncomingMessage } from 'node:http';
import { applyTransportFault } from './apply-transport-fault.js';
import type { SimulatorState } from './create-simulator-state.js';
import type { SimulatedFault } from './decide-request-fate.js';

/**
 * Counts an injected fault and carries it out: a hanging or reset outage is the same on every
 * wire; every other fault is an error answer that `sendError` words in its wire's format.
 */
export function respondToSimFault(
  state: SimulatorState,
  request: IncomingMessage,
  fault: SimulatedFault,
  sendError: (fault: SimulatedFault) => void,
): void {
  if (fault.kind === 'outage' && fault.mode !== 'error') return applyTransportFault(state, request, fault.mode);
  if (fault.kind === 'outage') state.stats.outages++;
  else if (fault.kind === 'burst') state.stats.bursts++;
  else if (fault.kind === 'rate-limit') state.stats.rateLimited++;
  else state.stats.serverErrors++;
  sendError(fault);
}
