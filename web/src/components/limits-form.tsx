import type { BudgetStatusJson, KeyJson, TeamJson } from '../api-types.js';

type Limited = Pick<KeyJson | TeamJson, 'models' | 'rpm' | 'tpm' | 'max_parallel' | 'budgets'>;

/** The limit fields keys and teams share; `initial` fills them when editing. */
export function LimitFields({ initial }: { initial?: Limited | undefined }) {
  const budget = initial?.budgets[0];
  // One budget without an alert is what these two fields can show; anything more is kept as it is.
  const editable = initial === undefined || initial.budgets.length === 0 || (initial.budgets.length === 1 && budget?.alert_at === null);
  return (
    <>
      <label>
        Models (comma-separated, empty: all)
        <input name="models" defaultValue={initial?.models?.join(', ') ?? ''} placeholder="gpt-4.1-mini, chat" />
      </label>
      <label>
        RPM
        <input name="rpm" type="number" min="1" step="1" defaultValue={initial?.rpm?.toString() ?? ''} />
      </label>
      <label>
        TPM
        <input name="tpm" type="number" min="1" step="1" defaultValue={initial?.tpm?.toString() ?? ''} />
      </label>
      <label>
        Max parallel
        <input name="max_parallel" type="number" min="1" step="1" defaultValue={initial?.max_parallel?.toString() ?? ''} />
      </label>
      {editable ? null : (
        <p class="muted" data-testid="budgets-kept">
          Budgets: {initial!.budgets.map((item) => `$${item.limit_usd} per ${item.period}${item.alert_at === null ? '' : ` (alert at ${Math.round(item.alert_at * 100)} %)`}`).join(', ')} — kept as
          they are (change them with the admin API or <code>skyroute keys update</code>).
        </p>
      )}
      {editable ? (
        <BudgetField budget={budget} />
      ) : null}
    </>
  );
}

function BudgetField({ budget }: { budget: Limited['budgets'][number] | undefined }) {
  return (
    <>
      <label>
        Budget (USD)
        <input name="budget_usd" type="number" min="0" step="any" defaultValue={budget?.limit_usd.toString() ?? ''} />
      </label>
      <label>
        per
        {/* `selected` on the option: a select has no default-value property for Preact to set. */}
        <select name="budget_period">
          {(['day', 'week', 'month', 'total'] as const).map((period) => (
            <option key={period} value={period} selected={period === (budget?.period ?? 'month')}>
              {period}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/**
 * The limit fields of a form as the admin API takes them. `clear`: empty fields send null (an edit
 * removes the limit) instead of being left out (a create leaves it unset).
 */
export function limitsFromForm(form: FormData, clear: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const text = (name: string): string => String(form.get(name) ?? '').trim();
  const models = text('models')
    .split(',')
    .map((model) => model.trim())
    .filter((model) => model !== '');
  if (models.length > 0) body.models = models;
  else if (clear) body.models = null;
  for (const name of ['rpm', 'tpm', 'max_parallel']) {
    if (text(name) !== '') body[name] = Number(text(name));
    else if (clear) body[name] = null;
  }
  // No budget field: the record's budgets are more than the form shows, and stay as they are.
  if (!form.has('budget_usd')) return body;
  if (text('budget_usd') !== '') body.budgets = [{ period: text('budget_period'), limit_usd: Number(text('budget_usd')) }];
  else if (clear) body.budgets = [];
  return body;
}

/** Budget use as a bar: spent of limit, the period, and when it resets. */
export function BudgetBars({ statuses }: { statuses: BudgetStatusJson[] }) {
  if (statuses.length === 0) return <span class="muted">no budget</span>;
  return (
    <div class="budgets">
      {statuses.map((status) => {
        const share = status.limit_usd > 0 ? Math.min(1, status.spent_usd / status.limit_usd) : 0;
        return (
          <div key={status.period} class="budget" title={status.resets_at === null ? 'never resets' : `resets ${new Date(status.resets_at).toLocaleString()}`}>
            <div class="bar" role="meter" aria-valuemin={0} aria-valuemax={status.limit_usd} aria-valuenow={status.spent_usd} aria-label={`${status.period} budget`}>
              <div class={share >= 1 ? 'fill over' : share >= 0.8 ? 'fill warn' : 'fill'} style={{ width: `${(share * 100).toFixed(1)}%` }} />
            </div>
            <small>
              ${status.spent_usd.toFixed(4)} of ${status.limit_usd} per {status.period}
              {status.resets_at === null ? '' : ` · resets ${new Date(status.resets_at).toLocaleDateString()}`}
            </small>
          </div>
        );
      })}
    </div>
  );
}
