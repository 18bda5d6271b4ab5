import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { createDatabase, type DatabaseMode, type PoolStats } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import type { DB } from '../db/types.js';
import type { Config } from '../src/config.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    dbMode: DatabaseMode;
    dbPoolStats: () => PoolStats;
  }
}

/** Decorates `db` (one Kysely for the process), migrates when asked, and closes it with the app. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { db, mode, poolStats } = createDatabase(config);
    app.decorate('db', db);
    app.decorate('dbMode', mode);
    app.decorate('dbPoolStats', poolStats);
    app.addHook('onClose', () => db.destroy());
    if (config.MIGRATE_ON_START) {
      for (const line of await migrateToLatest(db)) app.log.info(`migration ${line}`);
    }
  },
  { name: 'db' },
);
