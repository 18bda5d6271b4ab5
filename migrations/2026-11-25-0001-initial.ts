import { type Kysely, sql } from 'kysely';

// Millisecond precision: timestamps round-trip through JS Dates and keyset cursors exactly.
const timestamp = sql`timestamptz(3)`;
const now = sql`now()`;

/** The whole data model of contract v1. Every owned row is reachable from `user_id`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('user'))
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('users_email_key', ['email'])
    .addCheckConstraint('users_email_normalised', sql`email = lower(btrim(email)) and length(email) between 3 and 254`)
    .addCheckConstraint('users_role_valid', sql`role in ('user', 'admin')`)
    .execute();
  await db.schema.createIndex('users_created_at_id_idx').on('users').columns(['created_at desc', 'id desc']).execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('family_id', 'uuid', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull())
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addColumn('revoked_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('refresh_tokens_token_hash_key', ['token_hash'])
    .execute();
  await db.schema.createIndex('refresh_tokens_user_id_idx').on('refresh_tokens').column('user_id').execute();
  await db.schema.createIndex('refresh_tokens_family_id_idx').on('refresh_tokens').column('family_id').execute();
  await db.schema.createIndex('refresh_tokens_expires_at_idx').on('refresh_tokens').column('expires_at').execute();

  await db.schema
    .createTable('clients')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('company_name', 'text', (col) => col.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'jsonb')
    .addColumn('tax_id', 'text')
    .addColumn('currency', sql`char(3)`, (col) => col.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('clients_id_user_id_key', ['id', 'user_id'])
    .addCheckConstraint('clients_kind_valid', sql`kind in ('customer', 'vendor')`)
    .addCheckConstraint('clients_company_name_length', sql`length(company_name) between 1 and 200`)
    .addCheckConstraint('clients_currency_format', sql`currency ~ '^[A-Z]{3}$'`)
    .execute();
  await db.schema
    .createIndex('clients_user_id_created_at_id_idx')
    .on('clients')
    .columns(['user_id', 'created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('clients_user_id_kind_created_at_id_idx')
    .on('clients')
    .columns(['user_id', 'kind', 'created_at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('invoice_number_counters')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id'))
    .addColumn('last_number', 'integer', (col) => col.notNull().check(sql`last_number >= 0`))
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('client_id', 'uuid', (col) => col.notNull())
    .addColumn('number', 'text')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('draft'))
    .addColumn('currency', sql`char(3)`, (col) => col.notNull())
    .addColumn('issue_date', 'date', (col) => col.notNull())
    .addColumn('due_date', 'date', (col) => col.notNull())
    .addColumn('notes', 'text')
    .addColumn('subtotal', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('tax', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('total', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('amount_paid', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('published_at', timestamp)
    .addColumn('sent_at', timestamp)
    .addColumn('paid_at', timestamp)
    .addColumn('voided_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addForeignKeyConstraint('invoices_client_owned_fkey', ['client_id', 'user_id'], 'clients', ['id', 'user_id'])
    .addUniqueConstraint('invoices_id_user_id_key', ['id', 'user_id'])
    .addUniqueConstraint('invoices_user_id_number_key', ['user_id', 'number'])
    .addCheckConstraint('invoices_status_valid', sql`status in ('draft', 'published', 'sent', 'paid', 'void')`)
    .addCheckConstraint('invoices_number_iff_not_draft', sql`(status = 'draft') = (number is null)`)
    .addCheckConstraint('invoices_currency_format', sql`currency ~ '^[A-Z]{3}$'`)
    .addCheckConstraint('invoices_due_after_issue', sql`due_date >= issue_date`)
    .addCheckConstraint('invoices_amounts_non_negative', sql`subtotal >= 0 and tax >= 0 and amount_paid >= 0`)
    .addCheckConstraint('invoices_total_is_sum', sql`total = subtotal + tax`)
    .addCheckConstraint('invoices_paid_within_total', sql`amount_paid <= total`)
    .addCheckConstraint('invoices_paid_means_settled', sql`status <> 'paid' or amount_paid = total`)
    .addCheckConstraint('invoices_version_positive', sql`version > 0`)
    .execute();
  for (const [name, columns] of [
    ['invoices_user_id_created_at_id_idx', ['user_id']],
    ['invoices_user_id_status_created_at_id_idx', ['user_id', 'status']],
    ['invoices_user_id_client_id_created_at_id_idx', ['user_id', 'client_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('invoices')
      .columns([...columns, 'created_at desc', 'id desc'])
      .execute();
  }

  await db.schema
    .createTable('invoice_items')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('invoice_id', 'uuid', (col) => col.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('quantity', sql`numeric(10, 3)`, (col) => col.notNull())
    .addColumn('unit_price', 'bigint', (col) => col.notNull())
    .addColumn('tax_rate', sql`numeric(7, 4)`, (col) => col.notNull().defaultTo(0))
    .addColumn('subtotal', 'bigint', (col) => col.notNull())
    .addColumn('tax', 'bigint', (col) => col.notNull())
    .addColumn('total', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('invoice_items_invoice_id_position_key', ['invoice_id', 'position'])
    .addCheckConstraint('invoice_items_description_length', sql`length(description) between 1 and 500`)
    .addCheckConstraint('invoice_items_quantity_range', sql`quantity > 0 and quantity <= 1000000`)
    .addCheckConstraint('invoice_items_tax_rate_range', sql`tax_rate >= 0 and tax_rate <= 100`)
    .addCheckConstraint('invoice_items_amounts_non_negative', sql`unit_price >= 0 and subtotal >= 0 and tax >= 0`)
    .addCheckConstraint('invoice_items_total_is_sum', sql`total = subtotal + tax`)
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('invoice_id', 'uuid', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('paid_at', timestamp, (col) => col.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addForeignKeyConstraint('payments_invoice_owned_fkey', ['invoice_id', 'user_id'], 'invoices', ['id', 'user_id'])
    .addCheckConstraint('payments_amount_positive', sql`amount > 0`)
    .addCheckConstraint(
      'payments_method_valid',
      sql`method in ('card', 'bank_transfer', 'cash', 'check', 'other')`,
    )
    .execute();
  await db.schema
    .createIndex('payments_user_id_created_at_id_idx')
    .on('payments')
    .columns(['user_id', 'created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('payments_invoice_id_created_at_id_idx')
    .on('payments')
    .columns(['invoice_id', 'created_at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .addCheckConstraint('idempotency_keys_key_length', sql`length(key) between 1 and 255`)
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_at_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'idempotency_keys',
    'payments',
    'invoice_items',
    'invoices',
    'invoice_number_counters',
    'clients',
    'refresh_tokens',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
