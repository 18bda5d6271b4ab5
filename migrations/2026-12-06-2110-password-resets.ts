import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2 "Email", password reset: one row per requested reset, valid 30 minutes and used at
 * most once. The token is never stored: it is an HMAC of the row's id under a server key (see
 * src/services/password-resets.ts), so it can be put into the message when the engine sends it,
 * and only its SHA-256 is kept to find the row by. `email_id` is the message that carries it.
 * Rows are deleted once expired (plugins/expired-rows.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const timestamp = sql`timestamptz(3)`;
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email_id', 'uuid', (col) => col.references('emails.id').onDelete('set null'))
    .addColumn('token_hash', 'text', (col) => col.notNull())
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addColumn('used_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('password_resets_token_hash_key', ['token_hash'])
    .addUniqueConstraint('password_resets_email_id_key', ['email_id'])
    // A hex SHA-256 and nothing else: a token written here by mistake is refused.
    .addCheckConstraint('password_resets_token_hash_is_sha256', sql`token_hash ~ '^[0-9a-f]{64}$'`)
    .execute();
  await db.schema.createIndex('password_resets_user_id_idx').on('password_resets').column('user_id').execute();
  await db.schema.createIndex('password_resets_expires_at_idx').on('password_resets').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
}
