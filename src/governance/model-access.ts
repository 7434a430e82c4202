import type { Deployment } from '../routing/deployment.js';
import type { ModelGroup } from '../routing/model-table.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Principal } from './governance.js';

/**
 * What a virtual key (and its team) may ask for: each `models` list names groups (`chat`), deployments
 * (`openai/gpt-4.1-mini`) or patterns with `*` (`openai/*`, `*-mini`); both lists must allow a model.
 * `auto` is allowed whenever anything is, and routes only over the deployments allowed.
 * Answers undefined when the principal has no restriction; throws a 403 naming what it may use.
 */
export function modelAccess(principal: Principal, group: ModelGroup, groups: () => readonly ModelGroup[]): ((deployment: Deployment) => boolean) | undefined {
  if (principal.kind !== 'virtual') return undefined;
  const lists: string[][] = [];
  if (principal.key.limits.models !== undefined) lists.push(principal.key.limits.models);
  if (principal.team?.limits.models !== undefined) lists.push(principal.team.limits.models);
  if (lists.length === 0) return undefined;
  if (group.name === 'auto') {
    const groupsOf = new Map<string, string[]>();
    for (const each of groups()) {
      if (!each.configured || each.name === 'auto') continue;
      for (const deployment of each.deployments) {
        const names = groupsOf.get(deployment.id);
        if (names === undefined) groupsOf.set(deployment.id, [each.name]);
        else names.push(each.name);
      }
    }
    return (deployment) => lists.every((list) => matchesAny(list, deployment.id) || (groupsOf.get(deployment.id) ?? []).some((name) => matchesAny(list, name)));
  }
  if (lists.every((list) => matchesAny(list, group.name))) return undefined;
  const who = principal.team !== undefined && principal.team.limits.models !== undefined && matchesAny(principal.key.limits.models ?? ['*'], group.name) ? `team "${principal.team.name}"` : `key "${principal.key.name}"`;
  const allowed = lists.length === 1 ? lists[0]! : lists[0]!.filter((name) => matchesAny(lists[1]!, name));
  throw new GatewayError('GW_ERR_KEY_MODEL_NOT_ALLOWED', `The ${who} may not use the model "${group.name}". It may use: ${allowed.length === 0 ? 'no model' : allowed.join(', ')}${allowed.length > 0 ? ' (and "auto" over those)' : ''}.`, {
    param: 'model',
  });
}

export function matchesAny(patterns: readonly string[], name: string): boolean {
  for (const pattern of patterns) if (matches(pattern, name)) return true;
  return false;
}

function matches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*');
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  for (let index = 1; index < parts.length - 1; index++) {
    const found = name.indexOf(parts[index]!, at);
    if (found < 0) return false;
    at = found + parts[index]!.length;
  }
  return at <= name.length - parts[parts.length - 1]!.length;
}
