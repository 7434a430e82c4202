import type { ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';

export interface TrackedGeneration {
  /** Hands over the function that stops the generation's timers. */
  setCancel(cancel: () => void): void;
  /** The generation ended by itself: stop watching. */
  done(): void;
}

/**
 * Watches one timed generation: a client that disconnects first cancels it at once (and is
 * counted), and the simulator's close() can cancel it too. Zero-delay answers skip this, since
 * they finish before the client could leave.
 */
export function trackGeneration(state: SimulatorState, response: ServerResponse): TrackedGeneration {
  let cancel: (() => void) | undefined;
  let finished = false;
  const finish = (): boolean => {
    if (finished) return false;
    finished = true;
    state.stats.inFlight--;
    state.pending.delete(stop);
    response.off('close', onClose);
    return true;
  };
  const stop = (): void => {
    if (finish()) cancel?.();
  };
  const onClose = (): void => {
    if (!finish()) return;
    cancel?.();
    state.stats.clientDisconnects++;
  };
  state.stats.inFlight++;
  state.pending.add(stop);
  response.on('close', onClose);
  return {
    setCancel(value) {
      cancel = value;
    },
    done() {
      finish();
    },
  };
}
