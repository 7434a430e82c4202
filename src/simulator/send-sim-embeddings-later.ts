import type { ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';

/**
 * Sends an embeddings answer after the profile's time to first token (at once when it is 0),
 * counting it as completed; close() and a client that leaves cancel the timer.
 */
export function sendSimEmbeddingsLater(state: SimulatorState, response: ServerResponse, delayMs: number, send: () => void): void {
  const complete = (): void => {
    state.stats.completed++;
    send();
  };
  if (delayMs <= 0) return complete();
  const timer = setTimeout(() => {
    state.pending.delete(cancel);
    complete();
  }, delayMs);
  const cancel = (): void => clearTimeout(timer);
  state.pending.add(cancel);
  response.once('close', () => {
    clearTimeout(timer);
    state.pending.delete(cancel);
  });
}
