import { AdminCliError } from './admin-cli-error.js';
import { parseBudget, parseCount, parseList, parseMetadata } from './parse-flag-values.js';

/** The flags keys and teams share: limits, budgets, metadata, and --clear for update. */
export const LIMIT_OPTIONS = {
  name: { type: 'string' },
  models: { type: 'string', multiple: true },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'max-parallel': { type: 'string' },
  budget: { type: 'string', multiple: true },
  meta: { type: 'string', multiple: true },
  clear: { type: 'string', multiple: true },
} as const;

export const LIMIT_FLAGS_HELP = `  --name NAME              unique name
  --models A,B             models or groups it may use (default: every model)
  --rpm N, --tpm N         requests / tokens per minute
  --max-parallel N         requests in flight at once
  --budget AMOUNT/PERIOD   USD budget per day, week, month or total, e.g. 50/month;
                           add an alert share: 50/month@0.8 (repeat for several periods)
  --meta KEY=VALUE         metadata (repeatable; replaces the metadata on update)`;

/** --clear FIELD on update: which API field it sets to null. */
const CLEARABLE: Record<string, string> = {
  models: 'models',
  rpm: 'rpm',
  tpm: 'tpm',
  'max-parallel': 'max_parallel',
  budgets: 'budgets',
  metadata: 'metadata',
};

export interface LimitFlagValues {
  name?: string | undefined;
  models?: string[] | undefined;
  rpm?: string | undefined;
  tpm?: string | undefined;
  'max-parallel'?: string | undefined;
  budget?: string[] | undefined;
  meta?: string[] | undefined;
  clear?: string[] | undefined;
}

/**
 * The JSON body fields the flags give. `extraClearable` adds fields only keys have (team, expires,
 * tags); clearing is only for update (`allowClear`), where it sends null.
 */
export function limitBody(values: LimitFlagValues, options: { allowClear: boolean; extraClearable?: Record<string, string> }): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.name !== undefined) body.name = values.name;
  if (values.models !== undefined) body.models = parseList(values.models);
  if (values.rpm !== undefined) body.rpm = parseCount('--rpm', values.rpm);
  if (values.tpm !== undefined) body.tpm = parseCount('--tpm', values.tpm);
  if (values['max-parallel'] !== undefined) body.max_parallel = parseCount('--max-parallel', values['max-parallel']);
  if (values.budget !== undefined) body.budgets = values.budget.map(parseBudget);
  if (values.meta !== undefined) body.metadata = parseMetadata(values.meta);
  if (values.clear !== undefined) {
    const clearable = { ...CLEARABLE, ...options.extraClearable };
    if (!options.allowClear) throw new AdminCliError('--clear is for update only.');
    for (const flag of parseList(values.clear)) {
      const field = clearable[flag];
      if (field === undefined) throw new AdminCliError(`--clear ${flag}: expected one of ${Object.keys(clearable).join(', ')}.`);
      if (body[field] !== undefined) throw new AdminCliError(`--clear ${flag} and a new value for it at once: give one or the other.`);
      body[field] = null;
    }
  }
  return body;
}
