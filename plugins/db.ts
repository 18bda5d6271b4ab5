import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { createDatabase, type DatabaseMode } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import type { DB } from '../db/types.js';
import type { Config } from '../base/config.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    dbMode: DatabaseMode;
  }
}

/**
 * Decorates `db` (one Kysely for the process, its statements and connection waits reported to the
 * metrics), migrates when asked, and closes it with the app.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { db, mode, poolStats } = createDatabase(config, app.operationalMetrics.database, (error, message) =>
      app.log.warn({ err: error }, message),
    );
    app.operationalMetrics.watchDatabasePool(poolStats);
    app.decorate('db', db);
    app.decorate('dbMode', mode);
    app.addHook('onClose', () => db.destroy());
    if (config.MIGRATE_ON_START) {
      for (const line of await migrateToLatest(db)) app.log.info(`migration ${line}`);
    }
  },
  { name: 'db', dependencies: ['metrics'] },
);
