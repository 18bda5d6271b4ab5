/** Recognises PostgreSQL (and pg pool) errors by SQLSTATE, identically for pg and PGlite. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** SQLSTATE class 22, data exception: a value PostgreSQL cannot hold. */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

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

// Socket-level failures reaching or keeping the server.
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// SQLSTATE: class 08 connection exception, class 53 insufficient resources (too many connections,
// out of memory, disk full), 57014 statement_timeout, 57P01–57P05 shutdown, crash, not yet accepting
// connections, database dropped, idle session timeout.
const UNAVAILABLE_STATES = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57014|57P0[1-5])$/;
// pg and pg-pool report a lost connection, a client-side timeout or an ended pool without a code.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error/,
  /^Client was closed and is not queryable/,
  /^Query read timeout$/,
  /^timeout exceeded when trying to connect$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/** The database is unreachable, shutting down, full, frozen or too slow: worth retrying later (503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = asPostgresError(error);
  if (typeof code === 'string') return NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_STATES.test(code);
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
