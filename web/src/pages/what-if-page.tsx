import { useState } from 'preact/hooks';
import { ApiError, type AdminClient } from '../admin-client.js';
import type { WhatIfJson } from '../api-types.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatCount, formatMs, formatPercent, formatUsd } from '../format.js';

const STRATEGIES = ['cost', 'latency', 'quality', 'priority', 'weighted', 'least-busy', 'hybrid'] as const;

/** Routing what-if: a window of logged traffic replayed through another strategy, priced and timed from what was observed. */
export function WhatIfPage({ client }: { client: AdminClient }) {
  const [result, setResult] = useState<WhatIfJson | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body: Record<string, unknown> = { window: String(form.get('window')), strategy: { type: String(form.get('strategy')) } };
    const model = String(form.get('model') ?? '').trim();
    if (model !== '') body.model = model;
    setRunning(true);
    setError(undefined);
    try {
      setResult(await client.post<WhatIfJson>('/admin/what-if', body));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 0, undefined));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section>
      <h1>Routing what-if</h1>
      <p class="muted">
        Replays the logged requests of a window through another strategy over the deployments configured now: cost from the logged token counts and
        catalog prices, latency from what each deployment was observed to take.
      </p>
      <form class="filters" onSubmit={(event) => void submit(event)} aria-label="What-if">
        <label>
          Window
          <select name="window">
            <option value="1h">last hour</option>
            <option value="24h" selected>
              last 24 hours
            </option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
          </select>
        </label>
        <label>
          Strategy
          <select name="strategy">
            {STRATEGIES.map((strategy) => (
              <option key={strategy} value={strategy} selected={strategy === 'cost'}>
                {strategy}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model group (empty: all)
          <input name="model" />
        </label>
        <button type="submit" disabled={running}>
          {running ? 'Estimating…' : 'Estimate'}
        </button>
      </form>
      <ErrorNotice error={error} />
      {result === undefined ? null : <WhatIfResult result={result} />}
    </section>
  );
}

function WhatIfResult({ result }: { result: WhatIfJson }) {
  const { overall } = result;
  if (overall.requests === 0) {
    return <p data-testid="what-if-empty">No logged requests in this window to replay. Pick a longer window, or send traffic first.</p>;
  }
  const saving = overall.actual.cost_usd - overall.estimated.cost_usd;
  return (
    <div data-testid="what-if-result">
      <div class="cards">
        <div class="card">
          <div class="label">Requests replayed</div>
          <div class="value">
            {formatCount(overall.requests)}
            {result.sampled ? ' (sample)' : ''}
          </div>
        </div>
        <div class="card">
          <div class="label">Cost: logged → estimated</div>
          <div class="value">
            {formatUsd(overall.actual.cost_usd)} → {formatUsd(overall.estimated.cost_usd)}
          </div>
        </div>
        <div class={`card ${saving > 0 ? 'good' : saving < 0 ? 'bad' : ''}`}>
          <div class="label">Difference</div>
          <div class="value">
            {saving >= 0 ? '−' : '+'}
            {formatUsd(Math.abs(saving))}
            {overall.actual.cost_usd > 0 ? ` (${formatPercent(Math.abs(saving) / overall.actual.cost_usd)})` : ''}
          </div>
        </div>
        <div class="card">
          <div class="label">Latency p50: logged → estimated</div>
          <div class="value">
            {formatMs(overall.actual.latency_p50_ms)} → {formatMs(overall.estimated.latency_p50_ms)}
          </div>
        </div>
      </div>
      {result.groups.map((group) => (
        <div key={group.model}>
          <h2>
            <code>{group.model}</code>: {formatCount(group.requests)} requests
          </h2>
          <div class="table-wrap">
            <table class="rows compact">
              <thead>
                <tr>
                  <th>Deployment</th>
                  <th class="num">Logged requests</th>
                  <th class="num">Estimated requests</th>
                </tr>
              </thead>
              <tbody>
                {group.deployments.map((deployment) => (
                  <tr key={deployment.deployment}>
                    <td>{deployment.deployment}</td>
                    <td class="num">{formatCount(deployment.actual_requests)}</td>
                    <td class="num">{formatCount(deployment.estimated_requests)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {result.caveats.length === 0 ? null : (
        <>
          <h2>Caveats</h2>
          <ul>
            {result.caveats.map((caveat, index) => (
              <li key={index}>{caveat}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
