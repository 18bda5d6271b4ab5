/** Recognises PostgreSQL (and pg pool) errors by SQLSTATE, identically for pg and PGlite. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** SQLSTATE class 22, data exception: a value PostgreSQL cannot hold. */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
// Connection failures, server shutdown (57P01, 57P03), too many connections (53300) and a statement
// or lock wait cut off by statement_timeout (57014): transient, so "retry later".
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03', '53300', '57014']);
const POOL_EXHAUSTED = 'timeout exceeded when trying to connect';

interface PostgresError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

const asPostgresError = (error: unknown): PostgresError => (typeof error === 'object' && error !== null ? error : {});

function hasCode(error: unknown, code: string, constraint?: string | RegExp): boolean {
  const pgError = asPostgresError(error);
  if (pgError.code !== code) return false;
  if (constraint === undefined) return true;
  return typeof constraint === 'string' ? pgError.constraint === constraint : constraint.test(String(pgError.constraint));
}

export const isUniqueViolation = (error: unknown, constraint?: string | RegExp) =>
  hasCode(error, UNIQUE_VIOLATION, constraint);
export const isForeignKeyViolation = (error: unknown, constraint?: string | RegExp) =>
  hasCode(error, FOREIGN_KEY_VIOLATION, constraint);

export function isDataException(error: unknown): boolean {
  const { code } = asPostgresError(error);
  return typeof code === 'string' && DATA_EXCEPTION.test(code);
}

/** The database is unreachable, shutting down, full or too slow: worth retrying later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = asPostgresError(error);
  return (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || message === POOL_EXHAUSTED;
}
