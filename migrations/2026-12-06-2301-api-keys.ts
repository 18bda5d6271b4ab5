import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2: API keys. Only a SHA-256 of the key is kept (a key is 256 random bits, so a
 * fast hash is as safe as a slow one and costs no argon2 per request); `prefix` is the part shown
 * again in lists so a person can tell their keys apart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  const timestamp = sql`timestamptz(3)`;
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('key_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('last_used_at', timestamp)
    .addColumn('expires_at', timestamp)
    .addUniqueConstraint('api_keys_key_hash_key', ['key_hash'])
    .addCheckConstraint('api_keys_name_length', sql`length(name) between 1 and 100`)
    .addCheckConstraint('api_keys_scope_valid', sql`scope in ('read', 'write')`)
    .execute();
  await db.schema.createIndex('api_keys_user_created_at_id_idx').on('api_keys').columns(['user_id', 'created_at desc', 'id desc']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_keys').execute();
}
