import type { AdminClient } from '../admin-client.js';
import type { DeploymentsJson } from '../api-types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatMs, formatPercent, formatTime } from '../format.js';
import { useApi } from '../use-api.js';

const POLL_MS = 3000;

/** Providers and deployments with their health as the router sees it now, refreshed every few seconds. */
export function DeploymentsPage({ client }: { client: AdminClient }) {
  const health = useApi(() => client.get<DeploymentsJson>('/admin/deployments'), [], POLL_MS);
  const groups = health.data?.groups ?? [];
  return (
    <section>
      <h1>Providers and deployments</h1>
      <p class="muted">Live: refreshed every {POLL_MS / 1000} s{health.loading ? ' · updating…' : ''}.</p>
      <ErrorNotice error={health.error} retry={health.reload} />
      {health.data !== undefined && groups.length === 0 ? (
        <EmptyState title="No deployments configured">Add providers and models to the config (docs/config.md); each model group and its deployments show up here with their health.</EmptyState>
      ) : null}
      {health.data === undefined || health.data.providers.length === 0 ? null : (
        <div class="cards" data-testid="providers">
          {health.data.providers.map((provider) => (
            <div key={provider.id} class={`card ${provider.open_circuits > 0 ? 'bad' : ''}`}>
              <div class="label">{provider.id}</div>
              <div class="value">
                {provider.deployments - provider.open_circuits}/{provider.deployments} up
              </div>
            </div>
          ))}
        </div>
      )}
      {groups.map((group) => (
        <div key={group.name}>
          <h2>
            <code>{group.name}</code>
          </h2>
          <div class="table-wrap">
            <table class="rows" data-testid="deployment-table">
              <thead>
                <tr>
                  <th>Deployment</th>
                  <th>Circuit</th>
                  <th class="num">Latency (EWMA)</th>
                  <th class="num">TTFT (EWMA)</th>
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
                      <div class="muted">{deployment.provider}</div>
                    </td>
                    <td>
                      <span class={`health ${deployment.health.circuit}`} data-testid="circuit">
                        {deployment.health.circuit}
                      </span>
                      {deployment.health.circuit_until === null ? null : <div class="muted">until {formatTime(deployment.health.circuit_until)}</div>}
                      {deployment.health.cooldown_until === null ? null : <div class="muted">cooling down until {formatTime(deployment.health.cooldown_until)}</div>}
                    </td>
                    <td class="num">{formatMs(deployment.health.latency_ms)}</td>
                    <td class="num">{formatMs(deployment.health.ttft_ms)}</td>
                    <td class="num">{formatPercent(deployment.health.error_rate)}</td>
                    <td class="num">{deployment.health.in_flight}</td>
                    <td>{headroom(deployment.limits)}</td>
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

function headroom(limits: DeploymentsJson['groups'][number]['deployments'][number]['limits']): string {
  const parts: string[] = [];
  if (limits.rpm !== null) parts.push(`${limits.rpm_left ?? '?'} of ${limits.rpm} requests left this minute`);
  if (limits.tpm !== null) parts.push(`${limits.tpm_left ?? '?'} of ${limits.tpm} tokens left`);
  return parts.length === 0 ? 'no limits' : parts.join(' · ');
}
