/**
 * The process's one LISTEN connection (src/jobs/listener.ts) as the app's `notifications`: plugins
 * subscribe to a channel while the app builds; it connects when the app listens (scripts and
 * inject-only tests never do) and closes before the database. The embedded database serves one
 * process, so it has no such connection and no subscriber ever hears `onListening`.
 */
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import { type ChannelSubscriber, type Listener, listen } from '../src/jobs/listener.js';

declare module 'fastify' {
  interface FastifyInstance {
    notifications: { subscribe(channel: string, subscriber: ChannelSubscriber): void };
  }
}

export default fp<{ config: Pick<Config, 'DATABASE_URL'> }>(
  async (app, { config }) => {
    const subscribers = new Map<string, ChannelSubscriber>();
    let listener: Listener | undefined;
    app.decorate('notifications', {
      subscribe(channel: string, subscriber: ChannelSubscriber) {
        if (listener) throw new Error(`channel ${channel} subscribed to after the app started listening`);
        subscribers.set(channel, subscriber);
      },
    });
    app.addHook('onListen', async () => {
      if (app.dbMode !== 'postgres' || !config.DATABASE_URL || subscribers.size === 0) return;
      listener = listen({
        connectionString: config.DATABASE_URL,
        subscribers,
        onError: (error) => app.log.warn({ err: error }, 'the LISTEN connection was lost; reconnecting'),
      });
    });
    app.addHook('preClose', async () => {
      await listener?.close();
    });
  },
  { name: 'notifications', dependencies: ['db'] },
);
