/**
 * Kysely's PGlite driver hands every caller the same single connection without a lock, so two
 * concurrent transactions would share (and corrupt) one session. This dialect queues callers:
 * a connection is held by one query or one whole transaction at a time, like a pool of size 1.
 */
import {
  type DatabaseConnection,
  type Driver,
  PGliteDialect,
  type PGliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

class ConnectionQueue {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Callers holding or waiting for the connection. */
  get pending() {
    return this.#pending;
  }

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#pending += 1;
    this.#tail = new Promise<void>((resolve) => {
      release = () => {
        this.#pending -= 1;
        resolve();
      };
    });
    await previous;
    return release;
  }
}

class SerializedDriver implements Driver {
  readonly #inner: Driver;
  readonly #queue: ConnectionQueue;
  readonly #releases = new Map<DatabaseConnection, () => void>();

  constructor(inner: Driver, queue: ConnectionQueue) {
    this.#inner = inner;
    this.#queue = queue;
  }

  init() {
    return this.#inner.init();
  }

  async acquireConnection() {
    const release = await this.#queue.acquire();
    const connection = await this.#inner.acquireConnection();
    this.#releases.set(connection, release);
    return connection;
  }

  async releaseConnection(connection: DatabaseConnection) {
    await this.#inner.releaseConnection(connection);
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    release?.();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection);
  }

  destroy() {
    return this.#inner.destroy();
  }
}

export class SerializedPGliteDialect extends PGliteDialect {
  readonly queue = new ConnectionQueue();

  constructor(config: PGliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new SerializedDriver(super.createDriver(), this.queue);
  }
}
