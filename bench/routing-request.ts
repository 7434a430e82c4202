import { request, type Dispatcher } from 'undici';
import type { RoutingWorkloadItem } from './routing-workload.js';

/** What the client saw of one request. */
export interface RoutingOutcome {
  index: number;
  stream: boolean;
  /** 200 and a complete answer (non-stream: a parsable body with choices; stream: `data: [DONE]` and no error event). */
  ok: boolean;
  status: number;
  /** Client-side, from sending the request to the last byte of the answer. */
  latencyMs: number;
  /** `x-skyroute-provider` / `x-skyroute-model`: the deployment that served it (on errors, the one that failed last, when said). */
  provider: string | undefined;
  model: string | undefined;
  /** `x-skyroute-attempts`: calls that reached a provider. */
  attempts: number | undefined;
  promptTokens: number;
  completionTokens: number;
  /** Our error code (`skyroute_code`, else `x-skyroute-error-code`), or why the answer was incomplete. */
  error: string | undefined;
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export async function sendRoutingRequest(dispatcher: Dispatcher, url: string, group: string, item: RoutingWorkloadItem): Promise<RoutingOutcome> {
  const body = {
    model: group,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: item.prompt },
    ],
    max_tokens: item.maxTokens,
    user: item.user,
    ...(item.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  const startedAt = performance.now();
  const response = await request(url, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  const latencyMs = performance.now() - startedAt;
  const header = (name: string): string | undefined => {
    const value = response.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const attempts = header('x-skyroute-attempts');
  const outcome: RoutingOutcome = {
    index: item.index,
    stream: item.stream,
    ok: false,
    status: response.statusCode,
    latencyMs,
    provider: header('x-skyroute-provider'),
    model: header('x-skyroute-model'),
    attempts: attempts === undefined ? undefined : Number(attempts),
    promptTokens: 0,
    completionTokens: 0,
    error: undefined,
  };
  if (response.statusCode !== 200) {
    outcome.error = errorCode(text) ?? header('x-skyroute-error-code') ?? `HTTP ${response.statusCode}`;
    return outcome;
  }
  return item.stream ? readStream(text, outcome) : readResult(text, outcome);
}

function readResult(text: string, outcome: RoutingOutcome): RoutingOutcome {
  try {
    const parsed = JSON.parse(text) as { choices?: unknown[]; usage?: Usage };
    outcome.ok = Array.isArray(parsed.choices) && parsed.choices.length > 0;
    if (!outcome.ok) outcome.error = 'no choices';
    addUsage(outcome, parsed.usage);
  } catch {
    outcome.error = 'unparsable body';
  }
  return outcome;
}

/** Usage comes in the last chunk before `[DONE]` (stream_options.include_usage); an error event ends a broken stream. */
function readStream(text: string, outcome: RoutingOutcome): RoutingOutcome {
  let done = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    if (!data.includes('"usage"') && !data.includes('"error"')) continue;
    const event = JSON.parse(data) as { usage?: Usage | null; error?: { skyroute_code?: string; code?: string } };
    if (event.error !== undefined) outcome.error = `${event.error.skyroute_code ?? event.error.code ?? 'error'} (mid-stream)`;
    if (event.usage) addUsage(outcome, event.usage);
  }
  outcome.ok = done && outcome.error === undefined;
  if (!done && outcome.error === undefined) outcome.error = 'stream ended without [DONE]';
  return outcome;
}

function addUsage(outcome: RoutingOutcome, usage: Usage | undefined): void {
  outcome.promptTokens = usage?.prompt_tokens ?? 0;
  outcome.completionTokens = usage?.completion_tokens ?? 0;
}

function errorCode(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { skyroute_code?: string; code?: string } };
    return parsed.error?.skyroute_code ?? parsed.error?.code ?? undefined;
  } catch {
    return undefined;
  }
}
