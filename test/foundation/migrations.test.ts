import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/database.js';
import { migrateDown, migrateToLatest } from '../../db/migrations.js';
import type { DB } from '../../db/types.js';
import { testConfig } from '../helpers/config.js';
import { createPostgresDatabase, databaseUrl, dropPostgresDatabase, testDatabaseUrl, uniqueName } from '../helpers/databases.js';

// Typed against the generated DB interface, so a new table cannot be forgotten here.
const everyTable = Object.keys({
  users: true,
  refresh_tokens: true,
  clients: true,
  invoice_number_counters: true,
  invoices: true,
  invoice_items: true,
  payments: true,
  idempotency_keys: true,
  business_profiles: true,
  events: true,
  jobs: true,
  recurring_invoices: true,
  webhook_endpoints: true,
  webhook_delivery_attempts: true,
  credit_note_number_counters: true,
  credit_notes: true,
  credit_note_items: true,
  api_keys: true,
  business_logos: true,
  emails: true,
  email_attachments: true,
  password_resets: true,
  invoice_reminders: true,
  reminder_scans: true,
} satisfies Record<keyof DB, true>).sort();

async function applicationTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_migration%'
    order by table_name`.execute(db);
  return rows.map((row) => row.table_name);
}

/** Up, all the way down, and up again on a fresh database. */
async function roundTrip(db: Kysely<DB>) {
  expect(await applicationTables(db)).toEqual([]);
  expect((await migrateToLatest(db)).length).toBeGreaterThan(0);
  expect(await applicationTables(db)).toEqual(everyTable);
  expect(await migrateToLatest(db)).toEqual([]);

  while ((await migrateDown(db)).length > 0);
  expect(await applicationTables(db)).toEqual([]);

  await migrateToLatest(db);
  expect(await applicationTables(db)).toEqual(everyTable);
}

// PGlite starts cold in each of these tests (3–4 s, more on a busy machine).
describe('migrations', { timeout: 90_000 }, () => {
  it('go up, down and up again on a fresh embedded database', async () => {
    const { db } = createDatabase(testConfig({ DATA_DIR: 'memory://' }));
    try {
      await roundTrip(db);
    } finally {
      await db.destroy();
    }
  });

  it.skipIf(!testDatabaseUrl)('go up, down and up again on a fresh PostgreSQL database (needs TEST_DATABASE_URL)', async () => {
    const name = uniqueName('igp_migrations');
    await createPostgresDatabase(name);
    const { db } = createDatabase(testConfig({ DATABASE_URL: databaseUrl(name) }));
    try {
      await roundTrip(db);
    } finally {
      await db.destroy();
      await dropPostgresDatabase(name);
    }
  });
});
