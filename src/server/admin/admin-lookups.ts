import { GatewayError } from '../../spec/gateway-error.js';
import type { KeyRecord, Store, TeamRecord } from '../../store/store-port.js';

/** Finding the record a path names, with the 404 that says where to look. */
export async function requireKey(store: Store, id: string): Promise<KeyRecord> {
  const key = await store.getKey(id);
  if (key === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No key has the id "${id}"; GET /admin/keys?include_revoked=true lists them.`);
  return key;
}

export async function requireTeam(store: Store, id: string): Promise<TeamRecord> {
  const team = await store.getTeam(id);
  if (team === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No team has the id "${id}"; GET /admin/teams lists them.`);
  return team;
}

/** A team named in a body (team_id) must exist: that is a bad request (400), not a missing resource. */
export async function checkTeamReference(store: Store, teamId: string): Promise<void> {
  if ((await store.getTeam(teamId)) === undefined) {
    throw new GatewayError('GW_ERR_ADMIN_INVALID', `team_id: no team has the id "${teamId}"; create it first (POST /admin/teams) or pick one from GET /admin/teams.`, {
      param: 'team_id',
    });
  }
}

/** Adds to the store's clash message how to resolve it through this API. */
export async function withConflictHint<T>(work: Promise<T>, hint: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'GW_ERR_ADMIN_CONFLICT') throw new GatewayError('GW_ERR_ADMIN_CONFLICT', `${error.message} ${hint}`, { cause: error });
    throw error;
  }
}
