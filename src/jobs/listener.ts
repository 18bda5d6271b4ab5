/**
 * The LISTEN side of the wake-up on PostgreSQL: one dedicated connection per instance (outside the
 * pool, since a pooled connection comes and goes) that hears every commit which queued work. When
 * it drops it reconnects by itself with a growing delay, and says "woken" once reconnected: a
 * notification sent while it was away is lost, so the engine looks at the queue then.
 */
import pg from 'pg';
import { JOBS_CHANNEL } from './queue.js';

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 30_000;

export interface JobsListener {
  close(): Promise<void>;
}

export interface ListenerOptions {
  connectionString: string;
  onNotify: () => void;
  onError: (error: Error) => void;
}

/** The listening connection's application_name (operators and tests find it in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'invoice-api-jobs-listener';

export function listenForJobs({ connectionString, onNotify, onError }: ListenerOptions): JobsListener {
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;

  function reconnectLater() {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs).unref();
    retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
  }

  async function connect() {
    const current = new pg.Client({ connectionString, keepAlive: true, application_name: LISTENER_APPLICATION_NAME });
    client = current;
    let lost = false;
    const drop = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error && !closed) onError(error);
      current.end().catch(() => {});
      reconnectLater();
    };
    current.on('error', drop);
    current.on('end', () => drop());
    current.on('notification', () => onNotify());
    try {
      await current.connect();
      await current.query(`listen ${JOBS_CHANNEL}`);
      if (closed) return void current.end().catch(() => {});
      retryMs = FIRST_RETRY_MS;
      onNotify();
    } catch (error) {
      drop(error as Error);
    }
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
