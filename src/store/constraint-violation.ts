/** A unique (or primary) key clash on `column`, or a foreign key that points nowhere / is still pointed at. */
export type ConstraintViolation = { kind: 'unique'; column: string | undefined } | { kind: 'foreign-key' };

/**
 * Reads a driver error as a constraint violation, for both drivers: better-sqlite3's SqliteError
 * (`code` SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY / _FOREIGNKEY, message "UNIQUE constraint failed:
 * teams.name") and pg's DatabaseError (`code` 23505 / 23503, detail "Key (name)=(ops) already exists.").
 * Anything else (NOT NULL, a lost connection) answers undefined: those are not the caller's conflicts.
 */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, detail } = error as { code?: unknown; message?: unknown; detail?: unknown };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const match = typeof message === 'string' ? /constraint failed: \w+\.(\w+)/.exec(message) : null;
    return { kind: 'unique', column: match?.[1] };
  }
  if (code === '23505') {
    const match = typeof detail === 'string' ? /^Key \((\w+)\)=/.exec(detail) : null;
    return { kind: 'unique', column: match?.[1] };
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return { kind: 'foreign-key' };
  return undefined;
}
