/**
 * The one Kysely factory: PostgreSQL through a `pg` Pool when DATABASE_URL is set, otherwise an
 * embedded PostgreSQL (PGlite) persisted under DATA_DIR. Callers see the same `Kysely<DB>`.
 */
import { mkdirSync } from 'node:fs';
import { preparedStatements } from './compiled-queries.js';
import { type Dialect, Kysely, type KyselyConfig, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { type DatabaseObserver, statementLogger, TimedDialect } from './instrumentation.js';
import { SerializedPGliteDialect } from './serialized-pglite-dialect.js';
import { typeParsers } from './type-parsers.js';
import type { Config } from '../base/config.js';
import type { DB } from './types.js';

export type DatabaseMode = 'postgres' | 'embedded';

/** What a service query runs on: the app's database, or the transaction a caller composes it into. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Database {
  db: Kysely<DB>;
  mode: DatabaseMode;
  poolStats(): PoolStats;
}

/** What the factory needs of the configuration (DATABASE_URL unset = the embedded database in DATA_DIR). */
export type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_MAX' | 'DB_STATEMENT_TIMEOUT_MS'>;

/** Kysely settings for a dialect: with an observer, statements and connection waits are timed. */
function kyselyConfig(dialect: Dialect, observer: DatabaseObserver | undefined): KyselyConfig {
  return observer ? { dialect: new TimedDialect(dialect, observer), log: statementLogger(observer) } : { dialect };
}

/** How long to wait for a pool connection (a free one, or a new one's TCP connect and startup). */
export const DB_ACQUIRE_TIMEOUT_MS = 5_000;
/** The client-side bound beyond the server's statement_timeout, for a server that stops answering. */
const QUERY_TIMEOUT_MARGIN_MS = 1_000;

export type DatabaseLogger = (error: Error, message: string) => void;

export function createDatabase(config: DatabaseConfig, observer?: DatabaseObserver, logError: DatabaseLogger = () => {}): Database {
  return config.DATABASE_URL
    ? createPostgres(config.DATABASE_URL, config, observer, logError)
    : createEmbedded(config.DATA_DIR, observer);
}

function createPostgres(
  connectionString: string,
  config: DatabaseConfig,
  observer: DatabaseObserver | undefined,
  logError: DatabaseLogger,
): Database {
  const pool = new pg.Pool({
    connectionString,
    max: config.DB_POOL_MAX,
    connectionTimeoutMillis: DB_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    // statement_timeout is enforced by the server: a frozen or partitioned one never sends it.
    query_timeout: config.DB_STATEMENT_TIMEOUT_MS + QUERY_TIMEOUT_MARGIN_MS,
    idle_in_transaction_session_timeout: config.DB_STATEMENT_TIMEOUT_MS * 2,
    // Timestamps come back as UTC text, which db/type-parsers.ts rewrites to ISO 8601 without a Date.
    options: '-c TimeZone=UTC',
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: { getTypeParser: (oid, format) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format) },
  });
  // A client whose server goes away emits 'error', idle in the pool or checked out between two
  // queries of a transaction; an 'error' event without a listener would end the process. The query
  // in flight (if any) fails on its own and is answered 503; the pool discards the dead client.
  const logLostConnection = (error: Error) => logError(error, 'database connection lost');
  pool.on('error', logLostConnection);
  pool.on('connect', (client) => {
    client.on('error', logLostConnection);
    preparedStatements(client);
  });
  return {
    db: new Kysely<DB>(kyselyConfig(new PostgresDialect({ pool }), observer)),
    mode: 'postgres',
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** Releases the data-directory lock when closed, even if it never ran a query. */
class UnlockingKysely extends Kysely<DB> {
  readonly #unlock: () => void;

  constructor(config: KyselyConfig, unlock: () => void) {
    super(config);
    this.#unlock = unlock;
  }

  override async destroy() {
    try {
      await super.destroy();
    } finally {
      this.#unlock();
    }
  }
}

function createEmbedded(dataDir: string, observer: DatabaseObserver | undefined): Database {
  let unlock = () => {};
  if (!dataDir.includes('://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  // Imported on first use: PGlite's WebAssembly PostgreSQL costs tens of MiB a PostgreSQL deployment never needs.
  const dialect = new SerializedPGliteDialect({
    pglite: async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      return PGlite.create(dataDir, { parsers: typeParsers });
    },
  });
  return {
    db: new UnlockingKysely(kyselyConfig(dialect, observer), unlock),
    mode: 'embedded',
    poolStats: () => {
      const { pending } = dialect.queue;
      return { total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(pending - 1, 0) };
    },
  };
}
