import type { IncomingMessage } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';

/**
 * The outage modes that are the same in every wire format. `hang` leaves the socket open and
 * silent (the client's timeout is what is being tested; close() destroys it). `reset` sends a TCP
 * RST, which clients see as ECONNRESET.
 */
export function applyTransportFault(state: SimulatorState, request: IncomingMessage, mode: 'hang' | 'reset'): void {
  state.stats.outages++;
  if (mode === 'reset') request.socket.resetAndDestroy();
}
