import type { AdminClient } from '../admin-client.js';
import type { DeploymentJson, DeploymentsJson } from '../api-types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatCount, formatMs, formatPercent, formatTime } from '../format.js';
import { useApi } from '../use-api.js';

const POLL_MS = 3000;

/** Providers and deployments with their health as the router sees it now, refreshed every few seconds. */
export function DeploymentsPage({ client }: { client: AdminClient }) {
  const health = useApi(() => client.get<DeploymentsJson>('/admin/deployments'), [], POLL_MS);
  const data = health.data;
  return (
    <section>
      <h1>Providers and deployments</h1>
      <p class="muted">
        Live: refreshed every {POLL_MS / 1000} s{data === undefined ? '' : `; read at ${formatTime(data.at)}`}. Error rates count over the circuit breaker's
        window{data === undefined ? '' : ` (${formatMs(data.error_window_ms)})`}.
      </p>
      <ErrorNotice error={health.error} retry={health.reload} />
      {data?.limits_error == null ? null : <div class="notice error">Rate-limit headroom could not be read: {data.limits_error}</div>}
      {data !== undefined && data.groups.length === 0 ? (
        <EmptyState title="No deployments configured">Add providers and models to the config (docs/config.md); each model group and its deployments show up here with their health.</EmptyState>
      ) : null}
      {data === undefined || data.providers.length === 0 ? null : (
        <div class="cards" data-testid="providers">
          {data.providers.map((provider) => (
            <div key={provider.id} class={`card ${provider.status === 'ok' ? 'good' : 'bad'}`} data-provider={provider.id} title={provider.reason ?? undefined}>
              <div class="label">
                {provider.id} · {provider.type}
              </div>
              <div class="value">{provider.status}</div>
              <div class="muted">
                {provider.deployments} deployments
                {provider.open > 0 ? ` · ${provider.open} open` : ''}
                {provider.half_open > 0 ? ` · ${provider.half_open} half-open` : ''}
                {provider.cooling > 0 ? ` · ${provider.cooling} cooling` : ''} · {provider.in_flight} in flight
              </div>
            </div>
          ))}
        </div>
      )}
      {data?.groups.map((group) => (
        <div key={group.name}>
          <h2>
            <code>{group.name}</code> <span class="muted">· {group.strategy}</span>
            {group.fallbacks.length === 0 ? null : <span class="muted"> · falls back to {group.fallbacks.join(', ')}</span>}
          </h2>
          <div class="table-wrap">
            <table class="rows" data-testid="deployment-table">
              <thead>
                <tr>
                  <th>Deployment</th>
                  <th>Circuit</th>
                  <th class="num">TTFT</th>
                  <th class="num">Tokens/s</th>
                  <th class="num">Error rate</th>
                  <th class="num">In flight</th>
                  <th>Rate-limit headroom</th>
                </tr>
              </thead>
              <tbody>
                {group.deployments.map((deployment) => (
                  <tr key={deployment.id} data-deployment={deployment.id}>
                    <td>
                      {deployment.id}
                      <div class="muted">
                        {deployment.mode}
                        {deployment.price === null ? '' : ` · $${deployment.price.input}/$${deployment.price.output} per 1M`}
                      </div>
                    </td>
                    <td>
                      <span class={`health ${deployment.health.circuit}`} data-testid="circuit">
                        {deployment.health.circuit}
                      </span>
                      {deployment.health.half_open_at === null ? null : <div class="muted">probe at {formatTime(deployment.health.half_open_at)}</div>}
                      {deployment.health.cooling_until === null ? null : <div class="muted">cooling until {formatTime(deployment.health.cooling_until)}</div>}
                      {deployment.health.reason === null ? null : <div class="bad small">{deployment.health.reason}</div>}
                    </td>
                    <td class="num">{formatMs(deployment.health.ttft_ms)}</td>
                    <td class="num">{deployment.health.tokens_per_second === null ? '—' : deployment.health.tokens_per_second.toFixed(1)}</td>
                    <td class="num">{formatPercent(deployment.health.error_rate)}</td>
                    <td class="num">{deployment.health.in_flight}</td>
                    <td>
                      <Headroom deployment={deployment} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}

function Headroom({ deployment }: { deployment: DeploymentJson }) {
  if (deployment.rpm === null && deployment.tpm === null) return <span class="muted">no limits</span>;
  if (deployment.headroom === null) return <span class="muted">unknown</span>;
  const limits = [
    { name: 'RPM', value: deployment.headroom.rpm },
    { name: 'TPM', value: deployment.headroom.tpm },
  ].filter((limit) => limit.value !== null);
  return (
    <div class="budgets">
      {limits.map(({ name, value }) => {
        const share = value!.limit === 0 ? 1 : Math.min(1, value!.used / value!.limit);
        return (
          <div key={name} class="budget" data-testid={`headroom-${name.toLowerCase()}`}>
            <div class="bar" role="meter" aria-label={`${name} used`} aria-valuemin={0} aria-valuemax={value!.limit} aria-valuenow={value!.used}>
              <div class={share >= 1 ? 'fill over' : share >= 0.8 ? 'fill warn' : 'fill'} style={{ width: `${(share * 100).toFixed(1)}%` }} />
            </div>
            <small>
              {name}: {formatCount(value!.left)} of {formatCount(value!.limit)} left
            </small>
          </div>
        );
      })}
    </div>
  );
}
