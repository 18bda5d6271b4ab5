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

// Socket-level failures reaching or keeping the server.
const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// SQLSTATE: class 08 connection exception, class 53 insufficient resources (too many connections,
// out of memory, disk full), 57014 statement_timeout, 57P01–57P05 shutdown, crash, not yet accepting
// connections, database dropped, idle session timeout.
const unavailableStates = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57014|57P0[1-5])$/;
// pg and pg-pool report a lost connection, a client-side timeout or an ended pool without a code.
const unavailableMessages = [
  /^Connection terminated/,
  /^Client has encountered a connection error/,
  /^Client was closed and is not queryable/,
  /^Query read timeout$/,
  /^timeout exceeded when trying to connect$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/** Whether an error means the database is unreachable or overloaded right now: retry later (503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return networkErrorCodes.has(code) || unavailableStates.test(code);
  return typeof message === 'string' && unavailableMessages.some((pattern) => pattern.test(message));
}
