import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './create-request-log.js';
import { createSimulatorState, type SimulatorState } from './create-simulator-state.js';
import { handleSimulatorControl } from './handle-simulator-control.js';
import type { ModelProfile } from './model-profile.js';
import { routeOpenAiSimRequest } from './route-openai-sim-request.js';
import { sendOpenAiSimError } from './send-openai-sim-error.js';
import type { SimulatorStats } from './simulator-stats.js';

export type { RecordedRequest } from './create-request-log.js';
export type { SimulatorStats } from './simulator-stats.js';

export interface SimulatorOptions {
  /** Interface to listen on; 127.0.0.1 unless set. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Seeds every PRNG: same seed and request, same answer. 42 unless set. */
  seed?: number;
  /** When set, provider routes require `Authorization: Bearer <apiKey>` and answer 401 otherwise. */
  apiKey?: string;
  /** Merged over the default profiles by model id; an unknown id adds a model. */
  profiles?: Record<string, Partial<ModelProfile>>;
}

export interface RunningSimulator {
  /** Base URL to append /chat/completions to, e.g. http://127.0.0.1:43123/v1. */
  url: string;
  port: number;
  /**
   * Changes a model's behaviour from now on (tests use it to start and end outages). An unknown
   * model id is created from the base chat profile. Throws a TypeError for an invalid patch.
   * Resets the model's fault counters, so burst and error sequences restart.
   */
  setProfile(model: string, patch: Partial<ModelProfile>): void;
  /** The last 200 provider requests, oldest first. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Counters since start: requests, disconnects, injected faults… */
  stats(): SimulatorStats;
  /** Closes the server and every open socket and ends pending timers. */
  close(): Promise<void>;
}

// Large enough for context-window tests (a million tokens is ~4 MB), small enough to stay safe.
const maxBodyBytes = 64 * 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = createSimulatorState({ seed: options.seed ?? 42, apiKey: options.apiKey, profiles: options.profiles });
  const server = createServer((request, response) => receive(state, request, response));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    setProfile: (model, patch) => {
      state.setProfile(model, patch);
    },
    requests: () => state.log.list(),
    clearRequests: () => state.log.clear(),
    stats: () => ({ ...state.stats }),
    close: async () => {
      for (const stop of [...state.pending]) stop();
      state.pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads the whole body (requests are small JSON), then dispatches. */
function receive(state: SimulatorState, request: IncomingMessage, response: ServerResponse): void {
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBodyBytes) {
      request.destroy();
      return;
    }
    if (first === undefined) first = chunk;
    else (rest ??= [first]).push(chunk);
  });
  request.on('end', () => {
    const raw = rest ? Buffer.concat(rest).toString('utf8') : first ? first.toString('utf8') : '';
    try {
      dispatch(state, request, response, raw);
    } catch (error) {
      // A simulator bug must not take the test process down; answer like a provider's 500.
      if (!response.headersSent) {
        sendOpenAiSimError(
          response,
          { status: 500, message: `Simulator error: ${(error as Error).message}`, type: 'server_error', param: null, code: null },
          'req_sim_error',
        );
      } else response.destroy();
    }
  });
}

function dispatch(state: SimulatorState, request: IncomingMessage, response: ServerResponse, raw: string): void {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const method = request.method ?? 'GET';
  let body: unknown;
  if (raw !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
  }
  if (path.startsWith('/_sim/')) return handleSimulatorControl(state, method, path, body, response);
  state.stats.requests++;
  state.log.add(method, url, request.rawHeaders, body, Date.now());
  routeOpenAiSimRequest(state, request, response, path, raw, body, `req_sim${state.nextSequence().toString(16)}`);
}
