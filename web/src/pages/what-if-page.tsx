import { useState } from 'preact/hooks';
import { ApiError, type AdminClient } from '../admin-client.js';
import type { WhatIfJson } from '../api-types.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatCount, formatMs, formatPercent, formatTime, formatUsd } from '../format.js';

/** The ranking strategies a what-if can replay (selectors and bandit need what the log does not keep). */
const STRATEGIES = ['cost', 'latency', 'quality', 'hybrid', 'priority', 'weighted', 'round-robin', 'least-busy'] as const;

type Summary = WhatIfJson['overall'];

/** Routing what-if: a window of logged traffic replayed through another strategy, priced and timed from what was observed. */
export function WhatIfPage({ client }: { client: AdminClient }) {
  const [result, setResult] = useState<WhatIfJson | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError(undefined);
    let settings: Record<string, unknown> = {};
    const settingsText = String(form.get('settings') ?? '').trim();
    if (settingsText !== '') {
      try {
        settings = JSON.parse(settingsText) as Record<string, unknown>;
      } catch (failure) {
        setError(new ApiError(`Strategy settings: not JSON (${(failure as Error).message}). Write an object, e.g. {"weights": {"cost": 0.7, "latency": 0.3}}.`, 400, undefined));
        return;
      }
    }
    const body: Record<string, unknown> = { window: String(form.get('window')), strategy: { ...settings, type: String(form.get('strategy')) } };
    const model = String(form.get('model') ?? '').trim();
    if (model !== '') body.model = model;
    setRunning(true);
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
        Replays the logged requests of a window through another strategy over the deployments configured now: cost from the logged token counts at today's
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
        <label class="wide">
          Strategy settings (JSON, optional)
          <input name="settings" placeholder='{"weights": {"cost": 0.7, "latency": 0.3}}' />
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
  const { overall, excluded } = result;
  const skipped = excluded.failed + excluded.unknown_group + excluded.no_candidate;
  if (overall.requests === 0) {
    return (
      <p data-testid="what-if-empty">
        No served request in this window to replay{skipped > 0 ? ` (${skipped} left out: failed, or for groups the config no longer serves)` : ''}. Pick a longer
        window, or send traffic first.
      </p>
    );
  }
  const saving = overall.actual.cost_usd - overall.estimated.cost_usd;
  return (
    <div data-testid="what-if-result">
      <p class="muted">
        {formatCount(overall.requests)} requests from {formatTime(result.sampled_from ?? result.window.from)} to {formatTime(result.window.to)}
        {result.sampled ? ` (the newest ${formatCount(result.rows_read)} rows of the window)` : ''}; left out: {excluded.failed} failed, {excluded.unknown_group} for
        groups no longer served, {excluded.no_candidate} that no deployment fits now.
      </p>
      <div class="cards">
        <div class="card">
          <div class="label">Cost: logged → estimated</div>
          <div class="value" data-testid="what-if-cost">
            {formatUsd(overall.actual.cost_usd)} → {formatUsd(overall.estimated.cost_usd)}
          </div>
        </div>
        <div class={`card ${saving > 0 ? 'good' : saving < 0 ? 'bad' : ''}`}>
          <div class="label">{saving >= 0 ? 'Saving' : 'Extra cost'}</div>
          <div class="value">
            {formatUsd(Math.abs(saving))}
            {overall.actual.cost_usd > 0 ? ` (${formatPercent(Math.abs(saving) / overall.actual.cost_usd)})` : ''}
          </div>
        </div>
        <div class="card">
          <div class="label">Latency p50: logged → estimated</div>
          <div class="value">
            {formatMs(overall.actual.latency?.p50_ms)} → {formatMs(overall.estimated.latency?.p50_ms)}
          </div>
        </div>
        <div class="card">
          <div class="label">Latency p95: logged → estimated</div>
          <div class="value">
            {formatMs(overall.actual.latency?.p95_ms)} → {formatMs(overall.estimated.latency?.p95_ms)}
          </div>
        </div>
      </div>
      {result.groups.map((group) => (
        <GroupResult key={group.group} name={group.group} summary={group} />
      ))}
      <h2>Latency model</h2>
      <div class="table-wrap">
        <table class="rows compact">
          <thead>
            <tr>
              <th>Deployment</th>
              <th>From</th>
              <th class="num">Base</th>
              <th class="num">Per output token</th>
              <th class="num">Samples</th>
            </tr>
          </thead>
          <tbody>
            {result.latency.map((model) => (
              <tr key={model.deployment}>
                <td>{model.deployment}</td>
                <td>{model.source === 'window' ? "the window's requests" : model.source === 'current' ? 'live health now' : 'no figures'}</td>
                <td class="num">{formatMs(model.base_ms)}</td>
                <td class="num">{model.ms_per_output_token === null ? '—' : `${model.ms_per_output_token.toFixed(2)} ms`}</td>
                <td class="num">{formatCount(model.samples)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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

function GroupResult({ name, summary }: { name: string; summary: Summary }) {
  return (
    <div>
      <h2>
        <code>{name}</code>: {formatCount(summary.requests)} requests, {formatUsd(summary.actual.cost_usd)} → {formatUsd(summary.estimated.cost_usd)}
      </h2>
      <div class="table-wrap">
        <table class="rows compact" data-testid="what-if-deployments">
          <thead>
            <tr>
              <th>Deployment</th>
              <th class="num">Logged requests</th>
              <th class="num">Estimated requests</th>
              <th class="num">Logged cost</th>
              <th class="num">Estimated cost</th>
            </tr>
          </thead>
          <tbody>
            {summary.deployments.map((deployment) => (
              <tr key={deployment.deployment} data-deployment={deployment.deployment}>
                <td>
                  {deployment.deployment}
                  {deployment.current ? null : <span class="badge">not configured now</span>}
                </td>
                <td class="num">{formatCount(deployment.actual_requests)}</td>
                <td class="num">{formatCount(deployment.estimated_requests)}</td>
                <td class="num">{formatUsd(deployment.actual_cost_usd)}</td>
                <td class="num">{formatUsd(deployment.estimated_cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {summary.estimated.requests_unpriced + summary.estimated.requests_without_latency === 0 ? null : (
        <p class="muted">
          {summary.estimated.requests_unpriced} estimated requests went to deployments without a price (counted as $0), {summary.estimated.requests_without_latency}{' '}
          to deployments without latency figures.
        </p>
      )}
    </div>
  );
}
