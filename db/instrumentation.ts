/**
 * Database telemetry without a metrics dependency. Kysely's `log` hook times every statement on
 * its connection (so the time waiting for a connection is not counted twice), and a driver
 * wrapper times how long each caller waits for a connection, in both database modes. Statements
 * are named by a small fixed set of operations and by the table the query builder names (a
 * table of our schema), never by SQL text, so the label sets stay bounded.
 */
import {
  AliasNode,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  DeleteQueryNode,
  type Driver,
  InsertQueryNode,
  type LogEvent,
  MergeQueryNode,
  type OperationNode,
  type QueryCompiler,
  SelectQueryNode,
  TableNode,
  type TransactionSettings,
  UpdateQueryNode,
} from 'kysely';

export const statementOperations = ['select', 'insert', 'update', 'delete', 'merge', 'begin', 'commit', 'rollback', 'other'] as const;
export type StatementOperation = (typeof statementOperations)[number];

/** `table` is `none` for transaction control and raw SQL. */
export interface Statement {
  operation: StatementOperation;
  table: string;
}

export interface DatabaseObserver {
  /** A statement finished, successfully or not, after `seconds` on its connection. */
  statementFinished(statement: Statement, seconds: number): void;
  /** A caller waited `seconds` for a connection (pool checkout or the embedded queue). */
  connectionAcquired(seconds: number): void;
}

const rawOperations: Record<string, StatementOperation> = { select: 'select', insert: 'insert', update: 'update', delete: 'delete' };
// PGlite runs transaction control outside Kysely's statement log, so the driver wrapper times it
// in both modes and the log skips it.
const transactionControl = new Set(['begin', 'start', 'commit', 'rollback']);

function tableName(node: OperationNode | undefined): string {
  const table = node && AliasNode.is(node) ? node.node : node;
  return table && TableNode.is(table) ? table.table.identifier.name : 'none';
}

/** The statement's operation and table; null for transaction control (timed by the driver). */
export function describeStatement({ query, sql }: CompiledQuery): Statement | null {
  if (SelectQueryNode.is(query)) return { operation: 'select', table: tableName(query.from?.froms[0]) };
  if (InsertQueryNode.is(query)) return { operation: 'insert', table: tableName(query.into) };
  if (UpdateQueryNode.is(query)) return { operation: 'update', table: tableName(query.table) };
  if (DeleteQueryNode.is(query)) return { operation: 'delete', table: tableName(query.from.froms[0]) };
  if (MergeQueryNode.is(query)) return { operation: 'merge', table: tableName(query.into) };
  const keyword = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? '';
  if (transactionControl.has(keyword)) return null;
  return { operation: rawOperations[keyword] ?? 'other', table: 'none' };
}

/** Kysely's `log` option: reports every statement, failed ones included. */
export function statementLogger(observer: DatabaseObserver) {
  return (event: LogEvent) => {
    const statement = describeStatement(event.query);
    if (statement) observer.statementFinished(statement, event.queryDurationMillis / 1_000);
  };
}

const secondsSince = (start: number) => (performance.now() - start) / 1_000;

/**
 * Times connection checkouts and transaction control, and forwards everything else (savepoints
 * only where the driver has them).
 */
class TimedDriver implements Driver {
  readonly savepoint?: Driver['savepoint'];
  readonly rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  readonly releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(
    private readonly inner: Driver,
    private readonly observer: DatabaseObserver,
  ) {
    this.savepoint = inner.savepoint?.bind(inner);
    this.rollbackToSavepoint = inner.rollbackToSavepoint?.bind(inner);
    this.releaseSavepoint = inner.releaseSavepoint?.bind(inner);
  }

  init() {
    return this.inner.init();
  }

  async acquireConnection() {
    const start = performance.now();
    const connection = await this.inner.acquireConnection();
    this.observer.connectionAcquired(secondsSince(start));
    return connection;
  }

  async #timed(operation: StatementOperation, control: () => Promise<void>) {
    const start = performance.now();
    try {
      await control();
    } finally {
      this.observer.statementFinished({ operation, table: 'none' }, secondsSince(start));
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#timed('begin', () => this.inner.beginTransaction(connection, settings));
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.#timed('commit', () => this.inner.commitTransaction(connection));
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#timed('rollback', () => this.inner.rollbackTransaction(connection));
  }

  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection);
  }

  destroy() {
    return this.inner.destroy();
  }
}

/** The same dialect, with connection checkouts timed. */
export class TimedDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly observer: DatabaseObserver,
  ) {}

  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }

  createDriver(): Driver {
    return new TimedDriver(this.inner.createDriver(), this.observer);
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}
