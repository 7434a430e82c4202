import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './create-request-log.js';
import { createSimulatorState, type SimulatorAwsCredentials, type SimulatorState } from './create-simulator-state.js';
import { handleSimOAuthToken } from './handle-sim-oauth-token.js';
import { handleSimulatorControl } from './handle-simulator-control.js';
import type { ModelProfile } from './model-profile.js';
import { parseGeminiSimPath } from './parse-gemini-sim-path.js';
import { isAnthropicSimPath, routeAnthropicSimRequest } from './route-anthropic-sim-request.js';
import { isBedrockSimPath, routeBedrockSimRequest } from './route-bedrock-sim-request.js';
import { isCohereSimPath, routeCohereSimRequest } from './route-cohere-sim-request.js';
import { routeGeminiSimRequest } from './route-gemini-sim-request.js';
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
  /**
   * When set, every wire requires it the way its provider takes keys and answers that
   * provider's auth error otherwise: OpenAI and Cohere `Authorization: Bearer`, Anthropic
   * `x-api-key` or `Authorization: Bearer`, Gemini `x-goog-api-key` or `?key=`, Vertex a Bearer
   * token from `/token` (or the key), Bedrock `Authorization: Bearer` (an API key) or a SigV4
   * signature. See docs/simulator.md.
   */
  apiKey?: string;
  /**
   * Bedrock: AWS test credentials. When set, SigV4-signed requests must be signed with them
   * (checked with @smithy/signature-v4); without them a well-formed SigV4 header is accepted.
   */
  awsCredentials?: SimulatorAwsCredentials;
  /** Merged over the default profiles by model id; an unknown id adds a model. */
  profiles?: Record<string, Partial<ModelProfile>>;
}

/** The base URL each wire's documented endpoint path is appended to (as in a provider's `base_url`). */
export interface SimulatorBaseUrls {
  /** + `/chat/completions`, `/embeddings`, `/models` */
  openai: string;
  /** + `/messages`, `/messages/count_tokens` */
  anthropic: string;
  /** + `/models/{model}:generateContent`, `:streamGenerateContent?alt=sse`, `:embedContent`… */
  gemini: string;
  /** + `/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent`… */
  vertex: string;
  /** Google's OAuth token endpoint (a service account's `token_uri`). */
  googleTokenUri: string;
  /** + `/model/{modelId}/converse`, `/converse-stream`, `/invoke` */
  bedrock: string;
  /** + `/chat`, `/embed` */
  cohere: string;
}

export interface RunningSimulator {
  /** Base URL to append /chat/completions to, e.g. http://127.0.0.1:43123/v1. */
  url: string;
  /** Base URLs of every wire the simulator speaks. */
  baseUrls: SimulatorBaseUrls;
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
  const state = createSimulatorState({
    seed: options.seed ?? 42,
    apiKey: options.apiKey,
    awsCredentials: options.awsCredentials,
    profiles: options.profiles,
  });
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
  const root = `http://${urlHost}:${port}`;
  return {
    url: `${root}/v1`,
    baseUrls: {
      openai: `${root}/v1`,
      anthropic: `${root}/v1`,
      gemini: `${root}/v1beta`,
      vertex: `${root}/v1`,
      googleTokenUri: `${root}/token`,
      bedrock: root,
      cohere: `${root}/v2`,
    },
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
  const sequence = state.nextSequence();
  const requestId = `req_sim${sequence.toString(16)}`;
  // The OpenAI chat route first: it is the benchmarks' hot path. Other wires are told apart by path.
  if (path !== '/v1/chat/completions') {
    if (isAnthropicSimPath(path)) return routeAnthropicSimRequest(state, request, response, path, raw, body, requestId);
    if (isBedrockSimPath(path)) return routeBedrockSimRequest(state, request, response, path, raw, body, sequence);
    if (isCohereSimPath(path)) return routeCohereSimRequest(state, request, response, path, raw, body, requestId);
    if (path === '/token') return handleSimOAuthToken(state, request, response, raw, body);
    if (path.includes(':')) {
      const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
      const gemini = parseGeminiSimPath(path, query);
      if (gemini) return routeGeminiSimRequest(state, request, response, gemini, query, raw, body);
    }
  }
  routeOpenAiSimRequest(state, request, response, path, raw, body, requestId);
}
