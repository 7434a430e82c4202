import { newRecordId } from '../../governance/key-secret.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { TeamPatch, TeamRecord } from '../../store/store-port.js';
import { CreateTeamBody, UpdateTeamBody } from './admin-input-schemas.js';
import { teamJson } from './admin-json.js';
import { requireTeam, withConflictHint } from './admin-lookups.js';
import { DeletedTeamJson, TeamJson, TeamListJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';
import { applyLimitsInput } from './apply-limits-input.js';

/** /admin/teams: a team's limits and budgets apply to all its keys together, on top of each key's own. */
export const teamRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'POST',
    path: '/admin/teams',
    operationId: 'createTeam',
    tag: 'teams',
    summary: 'Create a team',
    body: CreateTeamBody,
    response: { status: 201, description: 'The team.', schema: TeamJson },
    failures: [409],
    async handle({ body, admin, now }) {
      const team: TeamRecord = {
        id: newRecordId('team'),
        name: body.name,
        limits: applyLimitsInput({}, body),
        metadata: body.metadata ?? {},
        createdAt: now,
        updatedAt: now,
      };
      await admin.store.insertTeam(team);
      admin.keysChanged();
      return teamJson(admin.store, team, now);
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/teams',
    operationId: 'listTeams',
    tag: 'teams',
    summary: 'List teams',
    response: { status: 200, description: 'Every team.', schema: TeamListJson },
    async handle({ admin, now }) {
      const teams = await admin.store.listTeams();
      return { data: await Promise.all(teams.map((team) => teamJson(admin.store, team, now))) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/teams/{id}',
    operationId: 'getTeam',
    tag: 'teams',
    summary: 'Get a team',
    response: { status: 200, description: 'The team.', schema: TeamJson },
    failures: [404],
    async handle({ params, admin, now }) {
      return teamJson(admin.store, await requireTeam(admin.store, params.id!), now);
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/admin/teams/{id}',
    operationId: 'updateTeam',
    tag: 'teams',
    summary: 'Change a team',
    description: 'Absent fields stay as they are; null clears an optional one.',
    body: UpdateTeamBody,
    response: { status: 200, description: 'The team as it is now.', schema: TeamJson },
    failures: [404, 409],
    async handle({ params, body, admin, now }) {
      const current = await requireTeam(admin.store, params.id!);
      const patch: TeamPatch = { limits: applyLimitsInput(current.limits, body) };
      if (body.name !== undefined) patch.name = body.name;
      if (body.metadata !== undefined) patch.metadata = body.metadata ?? {};
      const updated = await admin.store.updateTeam(current.id, patch, now);
      if (updated === undefined) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No team has the id "${current.id}"; GET /admin/teams lists them.`);
      admin.keysChanged();
      return teamJson(admin.store, updated, now);
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/admin/teams/{id}',
    operationId: 'deleteTeam',
    tag: 'teams',
    summary: 'Delete a team',
    description: 'Refused (409) while keys belong to the team, revoked ones included: move them first (PATCH /admin/keys/{id} with another team_id or null).',
    response: { status: 200, description: 'The team is gone.', schema: DeletedTeamJson },
    failures: [404, 409],
    async handle({ params, admin }) {
      const id = params.id!;
      const deleted = await withConflictHint(
        admin.store.deleteTeam(id),
        `To move a key: PATCH /admin/keys/{id} with {"team_id": null} (or another team); GET /admin/keys?team_id=${id}&include_revoked=true lists them.`,
      );
      if (!deleted) throw new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No team has the id "${id}"; GET /admin/teams lists them.`);
      admin.keysChanged();
      return { id, deleted: true as const };
    },
  }),
];
