/** `npm run migrate [latest|down]`: applies migrations to the configured database. */
import { loadConfigFromProcess } from '../base/config.js';
import { createDatabase } from '../db/database.js';
import { migrateDown, migrateToLatest } from '../db/migrations.js';

const direction = process.argv[2] ?? 'latest';
if (direction !== 'latest' && direction !== 'down') {
  console.error(`usage: npm run migrate [latest|down] (got "${direction}")`);
  process.exit(2);
}

const { config } = loadConfigFromProcess();
const { db, mode } = createDatabase(config);
try {
  const lines = direction === 'latest' ? await migrateToLatest(db) : await migrateDown(db);
  console.log(`${mode} database: ${lines.length ? lines.join('\n') : 'nothing to do'}`);
} finally {
  await db.destroy();
}
