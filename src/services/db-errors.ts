/** Recognises PostgreSQL errors by SQLSTATE, identically for pg and PGlite. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

interface PostgresError {
  code?: string;
  constraint?: string;
}

function hasCode(error: unknown, code: string, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const pgError = error as PostgresError;
  return pgError.code === code && (constraint === undefined || pgError.constraint === constraint);
}

export const isUniqueViolation = (error: unknown, constraint?: string) => hasCode(error, UNIQUE_VIOLATION, constraint);
export const isForeignKeyViolation = (error: unknown, constraint?: string) =>
  hasCode(error, FOREIGN_KEY_VIOLATION, constraint);
