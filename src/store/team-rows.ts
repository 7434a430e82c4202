import type { TeamTable } from './database-schema.js';
import type { TeamRecord } from './store-port.js';

export function teamToRow(team: TeamRecord): TeamTable {
  return {
    id: team.id,
    name: team.name,
    limits: JSON.stringify(team.limits),
    metadata: JSON.stringify(team.metadata),
    created_at: team.createdAt,
    updated_at: team.updatedAt,
  };
}

export function teamFromRow(row: TeamTable): TeamRecord {
  return {
    id: row.id,
    name: row.name,
    limits: JSON.parse(row.limits) as TeamRecord['limits'],
    metadata: JSON.parse(row.metadata) as TeamRecord['metadata'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
