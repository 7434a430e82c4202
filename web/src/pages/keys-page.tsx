import { useState } from 'preact/hooks';
import { ApiError, type AdminClient } from '../admin-client.js';
import type { KeyJson, Page, TeamJson } from '../api-types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { BudgetBars, LimitFields, limitsFromForm } from '../components/limits-form.js';
import { formatTime } from '../format.js';
import { useApi } from '../use-api.js';

/** Keys and teams: create, edit limits, revoke; budget use as bars with period and reset. */
export function KeysPage({ client }: { client: AdminClient }) {
  const [showRevoked, setShowRevoked] = useState(false);
  const [pages, setPages] = useState(1);
  const keys = useApi(() => loadKeys(client, showRevoked, pages), [showRevoked, pages]);
  const teams = useApi(() => client.get<{ data: TeamJson[] }>('/admin/teams'), []);
  const [created, setCreated] = useState<{ name: string; key: string } | undefined>(undefined);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [actionError, setActionError] = useState<ApiError | undefined>(undefined);
  const [revokedName, setRevokedName] = useState<string | undefined>(undefined);
  const act = async (work: () => Promise<unknown>): Promise<boolean> => {
    setActionError(undefined);
    try {
      await work();
      keys.reload();
      teams.reload();
      return true;
    } catch (error) {
      setActionError(error instanceof ApiError ? error : new ApiError(String(error), 0, undefined));
      return false;
    }
  };
  const createKey = async (event: Event): Promise<void> => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const body: Record<string, unknown> = { name: String(form.get('name')).trim(), ...limitsFromForm(form, false) };
    const team = String(form.get('team_id') ?? '');
    if (team !== '') body.team_id = team;
    let secret: { name: string; key: string } | undefined;
    const ok = await act(async () => {
      secret = await client.post<{ name: string; key: string }>('/admin/keys', body);
    });
    if (ok) {
      setCreated(secret);
      formElement.reset();
    }
  };
  const createTeam = async (event: Event): Promise<void> => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    if (await act(() => client.post('/admin/teams', { name: String(form.get('name')).trim(), ...limitsFromForm(form, false) }))) formElement.reset();
  };
  const saveKey = async (event: Event, id: string): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    if (await act(() => client.patch(`/admin/keys/${encodeURIComponent(id)}`, limitsFromForm(form, true)))) setEditing(undefined);
  };
  const saveTeam = async (event: Event, id: string): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    if (await act(() => client.patch(`/admin/teams/${encodeURIComponent(id)}`, limitsFromForm(form, true)))) setEditing(undefined);
  };
  const revoke = (key: KeyJson): void => {
    if (!confirm(`Revoke the key "${key.name}"? Requests with it are refused on every replica within a second. This cannot be undone.`)) return;
    void act(() => client.post(`/admin/keys/${encodeURIComponent(key.id)}/revoke`, {})).then((ok) => setRevokedName(ok ? key.name : undefined));
  };
  const teamName = (id: string | null): string => (id === null ? '—' : (teams.data?.data.find((team) => team.id === id)?.name ?? id));
  return (
    <section>
      <h1>Keys & teams</h1>
      <ErrorNotice error={actionError} />
      {created === undefined ? null : (
        <div class="notice good" role="status" data-testid="new-key">
          <strong>Key "{created.name}" created.</strong> Copy it now: the gateway keeps only its hash and will not show it again.
          <pre class="secret">{created.key}</pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy
          </button>
          <button type="button" class="link" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      )}
      <details class="panel">
        <summary>New key</summary>
        <form class="grid-form" onSubmit={(event) => void createKey(event)} aria-label="New key">
          <label>
            Name
            <input name="name" required maxLength={200} />
          </label>
          <label>
            Team
            <select name="team_id">
              <option value="">none</option>
              {teams.data?.data.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
          <LimitFields />
          <button type="submit">Create key</button>
        </form>
      </details>
      {revokedName === undefined ? null : (
        <div class="notice good" role="status" data-testid="key-revoked">
          Key "{revokedName}" revoked: every replica refuses it within a second. Revoked keys are listed with "Show revoked keys".
        </div>
      )}
      <div class="heading-row">
        <h2>Keys</h2>
        <label class="inline">
          <input type="checkbox" checked={showRevoked} onChange={(event) => setShowRevoked(event.currentTarget.checked)} /> Show revoked keys
        </label>
      </div>
      <ErrorNotice error={keys.error} retry={keys.reload} />
      {keys.data?.data.length === 0 ? (
        <EmptyState title={showRevoked ? 'No virtual keys yet' : 'No active virtual keys'}>Open "New key" above (or use <code>skyroute keys create --name app1</code>) and hand it to an application instead of a provider key.</EmptyState>
      ) : null}
      {keys.data === undefined || keys.data.data.length === 0 ? null : (
        <div class="table-wrap">
          <table class="rows" data-testid="key-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Team</th>
                <th>Limits</th>
                <th>Budget</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((key) =>
                editing === key.id ? (
                  <EditLimitsRow key={key.id} record={key} columns={7} onSave={(event) => void saveKey(event, key.id)} onCancel={() => setEditing(undefined)} />
                ) : (
                  <tr key={key.id} data-key-name={key.name} class={key.revoked_at === null ? undefined : 'revoked'}>
                    <td>{key.name}</td>
                    <td>
                      <code>{key.preview}</code>
                    </td>
                    <td>{teamName(key.team_id)}</td>
                    <td>{describeLimits(key)}</td>
                    <td>
                      <BudgetBars statuses={key.budget_status} />
                    </td>
                    <td>{key.revoked_at === null ? (key.expires_at === null ? 'active' : `expires ${formatTime(key.expires_at)}`) : `revoked ${formatTime(key.revoked_at)}`}</td>
                    <td class="actions">
                      {key.revoked_at === null ? (
                        <>
                          <button type="button" class="link" onClick={() => setEditing(key.id)}>
                            Edit
                          </button>
                          <button type="button" class="danger" onClick={() => revoke(key)}>
                            Revoke
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {keys.data?.next_before == null ? null : (
        <div class="pager">
          <span />
          <button type="button" onClick={() => setPages(pages + 1)}>
            More keys
          </button>
        </div>
      )}
      <h2>Teams</h2>
      <ErrorNotice error={teams.error} retry={teams.reload} />
      {teams.data?.data.length === 0 ? <EmptyState title="No teams yet">A team's limits and budgets apply to all its keys together. Create one below.</EmptyState> : null}
      {teams.data === undefined || teams.data.data.length === 0 ? null : (
        <div class="table-wrap">
          <table class="rows" data-testid="team-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Limits</th>
                <th>Budget</th>
                <th>Keys</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {teams.data.data.map((team) =>
                editing === team.id ? (
                  <EditLimitsRow key={team.id} record={team} columns={5} onSave={(event) => void saveTeam(event, team.id)} onCancel={() => setEditing(undefined)} />
                ) : (
                  <tr key={team.id} data-team-name={team.name}>
                    <td>{team.name}</td>
                    <td>{describeLimits(team)}</td>
                    <td>
                      <BudgetBars statuses={team.budget_status} />
                    </td>
                    <td>{keys.data?.data.filter((key) => key.team_id === team.id).length ?? '—'}</td>
                    <td class="actions">
                      <button type="button" class="link" onClick={() => setEditing(team.id)}>
                        Edit
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <details class="panel">
        <summary>New team</summary>
        <form class="grid-form" onSubmit={(event) => void createTeam(event)} aria-label="New team">
          <label>
            Name
            <input name="name" required maxLength={200} />
          </label>
          <LimitFields />
          <button type="submit">Create team</button>
        </form>
      </details>
    </section>
  );
}

/** A key's or a team's row turned into the form that edits its limits. */
function EditLimitsRow({ record, columns, onSave, onCancel }: { record: KeyJson | TeamJson; columns: number; onSave: (event: Event) => void; onCancel: () => void }) {
  return (
    <tr>
      <td colSpan={columns}>
        <form class="grid-form" onSubmit={onSave} aria-label={`Edit ${record.name}`}>
          <LimitFields initial={record} />
          <button type="submit">Save</button>
          <button type="button" class="link" onClick={onCancel}>
            Cancel
          </button>
        </form>
      </td>
    </tr>
  );
}

/** The first `pages` pages of keys (the admin API pages by cursor), newest first. */
async function loadKeys(client: AdminClient, includeRevoked: boolean, pages: number): Promise<Page<KeyJson>> {
  const data: KeyJson[] = [];
  let before: string | undefined;
  for (let page = 0; page < pages; page++) {
    const next = await client.get<Page<KeyJson>>('/admin/keys', { limit: 200, before, include_revoked: includeRevoked ? 'true' : undefined });
    data.push(...next.data);
    if (next.next_before === null) return { data, next_before: null };
    before = next.next_before;
  }
  return { data, next_before: before ?? null };
}

function describeLimits(record: KeyJson | TeamJson): string {
  const parts: string[] = [];
  if (record.rpm !== null) parts.push(`${record.rpm} RPM`);
  if (record.tpm !== null) parts.push(`${record.tpm} TPM`);
  if (record.max_parallel !== null) parts.push(`${record.max_parallel} parallel`);
  if (record.models !== null) parts.push(`models: ${record.models.join(', ')}`);
  return parts.length === 0 ? 'none' : parts.join(' · ');
}
