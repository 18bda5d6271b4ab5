/**
 * The process's one LISTEN connection on PostgreSQL (outside the pool, since a pooled connection
 * comes and goes): every channel a part of the app subscribes to is heard on it, the background
 * engine's wake-up and the API keys' revocations alike. When it drops it reconnects by itself with
 * a growing delay; each subscriber hears that it was lost and, once LISTEN is in place again, that
 * it is listening: a notification sent while it was away is lost, so a subscriber catches up then.
 */
import pg from 'pg';

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 30_000;

export interface Listener {
  close(): Promise<void>;
}

export interface ChannelSubscriber {
  /** A notification on the channel, with its payload. */
  onNotify(payload: string): void;
  /** LISTEN is in place (at first and after every reconnection). */
  onListening?(): void;
  /** The connection is lost: nothing is heard until onListening. */
  onLost?(): void;
}

export interface ListenerOptions {
  connectionString: string;
  /** Each channel's one subscriber. */
  subscribers: ReadonlyMap<string, ChannelSubscriber>;
  onError: (error: Error) => void;
}

/** The listening connection's application_name (operators and tests find it in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'invoice-api-listener';

export function listen({ connectionString, subscribers, onError }: ListenerOptions): Listener {
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
      for (const subscriber of subscribers.values()) subscriber.onLost?.();
      if (error && !closed) onError(error);
      current.end().catch(() => {});
      reconnectLater();
    };
    current.on('error', drop);
    current.on('end', () => drop());
    current.on('notification', ({ channel, payload }) => subscribers.get(channel)?.onNotify(payload ?? ''));
    try {
      await current.connect();
      for (const channel of subscribers.keys()) await current.query(`listen ${channel}`);
      if (closed) return void current.end().catch(() => {});
      retryMs = FIRST_RETRY_MS;
      for (const subscriber of subscribers.values()) subscriber.onListening?.();
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
