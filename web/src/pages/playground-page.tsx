import { useState } from 'preact/hooks';
import { ApiError, type AdminClient } from '../admin-client.js';
import type { LogDetailJson } from '../api-types.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatCount, formatMs, formatUsd } from '../format.js';
import { readChatStream } from '../read-chat-stream.js';
import { useApi } from '../use-api.js';

interface Lane {
  model: string;
  text: string;
  status: 'waiting' | 'streaming' | 'done' | 'failed';
  ttftMs?: number | undefined;
  latencyMs?: number | undefined;
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  costUsd?: number | undefined;
  servedBy?: string | undefined;
  requestId?: string | undefined;
  error?: ApiError | undefined;
}

const MAX_LANES = 3;

/**
 * One prompt to two or three models side by side, streamed as it arrives: output, time to first token,
 * latency, tokens and cost (a stream's cost comes in a trailer, which browsers cannot read, so it is
 * taken from the request's log row once the log writer has flushed it).
 */
export function PlaygroundPage({ client }: { client: AdminClient }) {
  const models = useApi(() => client.get<{ data: Array<{ id: string }> }>('/v1/models'), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const [prompt, setPrompt] = useState('Explain in two sentences what an LLM gateway does.');
  const [lanes, setLanes] = useState<Lane[]>([]);
  const ids = models.data?.data.map((model) => model.id) ?? [];
  const selected = chosen.length > 0 ? chosen : ids.slice(0, 2);
  const toggle = (id: string): void => {
    const next = selected.includes(id) ? selected.filter((model) => model !== id) : [...selected, id].slice(-MAX_LANES);
    setChosen(next);
  };
  const run = (event: Event): void => {
    event.preventDefault();
    const initial = selected.map((model): Lane => ({ model, text: '', status: 'waiting' }));
    setLanes(initial);
    selected.forEach((model, index) => void runLane(client, model, prompt, (lane) => setLanes((current) => current.map((old, at) => (at === index ? { ...old, ...lane } : old)))));
  };
  return (
    <section>
      <h1>Playground</h1>
      <ErrorNotice error={models.error} retry={models.reload} />
      <form class="playground" onSubmit={run} aria-label="Playground">
        <fieldset>
          <legend>Models (up to {MAX_LANES})</legend>
          {ids.length === 0 && models.data !== undefined ? <p class="muted">No models are configured: add providers and models to the config.</p> : null}
          <div class="chips">
            {ids.map((id) => (
              <label key={id} class="chip">
                <input type="checkbox" name="model" value={id} checked={selected.includes(id)} onChange={() => toggle(id)} /> {id}
              </label>
            ))}
          </div>
        </fieldset>
        <label>
          Prompt
          <textarea name="prompt" rows={4} value={prompt} onInput={(event) => setPrompt(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={selected.length === 0 || prompt.trim() === '' || lanes.some((lane) => lane.status === 'streaming' || lane.status === 'waiting')}>
          Send to {selected.length} model{selected.length === 1 ? '' : 's'}
        </button>
      </form>
      <div class="lanes" data-testid="lanes">
        {lanes.map((lane, index) => (
          <article key={`${index}-${lane.model}`} class={`lane ${lane.status}`} data-testid="lane" data-status={lane.status}>
            <header>
              <strong>{lane.model}</strong>
              {lane.servedBy === undefined ? null : <small> via {lane.servedBy}</small>}
            </header>
            <ErrorNotice error={lane.error} />
            <p class="output" data-testid="lane-output">
              {lane.text}
              {lane.status === 'streaming' || lane.status === 'waiting' ? <span class="cursor">▍</span> : null}
            </p>
            <dl class="lane-figures">
              <dt>TTFT</dt>
              <dd>{formatMs(lane.ttftMs)}</dd>
              <dt>Latency</dt>
              <dd>{formatMs(lane.latencyMs)}</dd>
              <dt>Tokens</dt>
              <dd>{lane.inputTokens === undefined ? '—' : `${formatCount(lane.inputTokens)} in / ${formatCount(lane.outputTokens)} out`}</dd>
              <dt>Cost</dt>
              <dd data-testid="lane-cost">{lane.costUsd === undefined ? (lane.status === 'done' ? 'pending…' : '—') : formatUsd(lane.costUsd)}</dd>
            </dl>
          </article>
        ))}
      </div>
    </section>
  );
}

async function runLane(client: AdminClient, model: string, prompt: string, update: (lane: Partial<Lane>) => void): Promise<void> {
  const startedAt = performance.now();
  try {
    const response = await client.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: prompt }] }),
    });
    const requestId = response.headers.get('x-request-id') ?? undefined;
    update({ status: 'streaming', servedBy: servedBy(response.headers), requestId });
    const result = await readChatStream(response, startedAt, (progress) => update({ text: progress.text, ttftMs: progress.ttftMs }));
    update({
      status: 'done',
      latencyMs: performance.now() - startedAt,
      inputTokens: result.usage?.prompt_tokens,
      outputTokens: result.usage?.completion_tokens,
    });
    if (requestId !== undefined) update({ costUsd: await costFromLog(client, requestId) });
  } catch (error) {
    update({ status: 'failed', latencyMs: performance.now() - startedAt, error: error instanceof ApiError ? error : new ApiError((error as Error).message, 0, undefined) });
  }
}

/** The request's cost from its log row, which lands with the log writer's next flush (about a second). */
async function costFromLog(client: AdminClient, requestId: string): Promise<number | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      return (await client.get<LogDetailJson>(`/admin/logs/${encodeURIComponent(requestId)}`)).cost_usd;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) return undefined;
    }
  }
  return undefined;
}

function servedBy(headers: Headers): string | undefined {
  const provider = headers.get('x-skyroute-provider');
  const model = headers.get('x-skyroute-model');
  return provider === null ? undefined : `${provider}/${model ?? '?'}`;
}
