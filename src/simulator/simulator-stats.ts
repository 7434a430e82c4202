/** Counters since the simulator started; exposed by `stats()` and `GET /_sim/stats`. */
export interface SimulatorStats {
  /** Requests to the provider API (control routes excluded). */
  requests: number;
  /** Answers written to the end, errors included. */
  completed: number;
  /** Stream chunks and non-stream tokens generated; stops growing when a client goes away. */
  partsWritten: number;
  /** Generations abandoned because the client disconnected first. */
  clientDisconnects: number;
  outages: number;
  bursts: number;
  rateLimited: number;
  serverErrors: number;
  midStreamFailures: number;
  /** Generations in progress right now. */
  inFlight: number;
}

export function createSimulatorStats(): SimulatorStats {
  return {
    requests: 0,
    completed: 0,
    partsWritten: 0,
    clientDisconnects: 0,
    outages: 0,
    bursts: 0,
    rateLimited: 0,
    serverErrors: 0,
    midStreamFailures: 0,
    inFlight: 0,
  };
}
