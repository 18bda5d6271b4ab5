import { type Kysely, sql } from 'kysely';

const timestamp = sql`timestamptz(3)`;
const now = sql`now()`;
const NUMBER_PREFIX = sql`'^[A-Za-z0-9/_.-]{0,20}$'`;

const checks: [table: string, name: string, condition: ReturnType<typeof sql>][] = [
  ['invoices', 'invoices_tax_rounding_valid', sql`tax_rounding in ('line', 'document')`],
  ['invoices', 'invoices_delivery_country_format', sql`delivery_country ~ '^[A-Z]{2}$'`],
  ['invoice_items', 'invoice_items_tax_category_valid', sql`tax_category in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')`],
  ['invoice_items', 'invoice_items_tax_category_agrees_with_rate', sql`(tax_category = 'S') = (tax_rate > 0)`],
  ['invoice_items', 'invoice_items_unit_code_format', sql`unit_code ~ '^[A-Z0-9]{2,3}$'`],
];

/**
 * Contract v1.1, the seller and the e-invoice data: the business profile (one per user), the
 * clients' electronic address, the invoices' references, delivery, exemptions, tax rounding,
 * tax breakdown and the seller/buyer snapshots, and the items' unit and tax category.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_profiles')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('legal_name', 'text', (col) => col.notNull())
    .addColumn('trading_name', 'text')
    .addColumn('address', 'jsonb', (col) => col.notNull())
    .addColumn('vat_id', 'text')
    .addColumn('legal_id', 'text')
    .addColumn('legal_id_scheme', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('electronic_address', 'jsonb')
    .addColumn('bank_account', 'jsonb')
    .addColumn('payment_terms_days', 'integer', (col) => col.notNull().defaultTo(30))
    .addColumn('tax_rounding', 'text', (col) => col.notNull().defaultTo('line'))
    .addColumn('invoice_number_prefix', 'text', (col) => col.notNull().defaultTo('INV-'))
    .addColumn('credit_note_number_prefix', 'text', (col) => col.notNull().defaultTo('CN-'))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addCheckConstraint('business_profiles_legal_name_length', sql`length(legal_name) between 1 and 200`)
    .addCheckConstraint('business_profiles_payment_terms_range', sql`payment_terms_days between 0 and 365`)
    .addCheckConstraint('business_profiles_tax_rounding_valid', sql`tax_rounding in ('line', 'document')`)
    .addCheckConstraint(
      'business_profiles_prefixes_format',
      sql`invoice_number_prefix ~ ${NUMBER_PREFIX} and credit_note_number_prefix ~ ${NUMBER_PREFIX}`,
    )
    .addCheckConstraint('business_profiles_version_positive', sql`version > 0`)
    .execute();

  await db.schema.alterTable('clients').addColumn('electronic_address', 'jsonb').execute();

  await db.schema
    .alterTable('invoices')
    .addColumn('buyer_reference', 'text')
    .addColumn('purchase_order_reference', 'text')
    .addColumn('delivery_date', 'date')
    .addColumn('delivery_country', sql`char(2)`)
    .addColumn('tax_exemptions', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('tax_rounding', 'text', (col) => col.notNull().defaultTo('line'))
    .addColumn('tax_breakdown', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('seller', 'jsonb')
    .addColumn('buyer', 'jsonb')
    .execute();
  // Invoices issued before this migration get their buyer frozen as the client is now.
  await sql`
    update invoices set buyer = jsonb_build_object(
      'name', c.company_name, 'contactName', c.contact_name, 'email', c.email,
      'address', c.address, 'vatId', c.tax_id, 'electronicAddress', null)
    from clients c where c.id = invoices.client_id and invoices.status <> 'draft'`.execute(db);
  await sql`
    update invoices set tax_breakdown = coalesce((
      select jsonb_agg(jsonb_build_object(
        'taxCategory', case when tax_rate > 0 then 'S' else 'Z' end, 'taxRate', tax_rate::float8,
        'taxableAmount', taxable, 'taxAmount', tax_amount) order by case when tax_rate > 0 then 'S' else 'Z' end, tax_rate)
      from (select tax_rate, sum(subtotal) as taxable, sum(tax) as tax_amount
            from invoice_items where invoice_id = invoices.id group by tax_rate) rates), '[]'::jsonb)`.execute(db);

  await db.schema
    .alterTable('invoice_items')
    .addColumn('unit_code', 'text', (col) => col.notNull().defaultTo('C62'))
    .addColumn('tax_category', 'text', (col) => col.notNull().defaultTo('Z'))
    .execute();
  await sql`update invoice_items set tax_category = 'S' where tax_rate > 0`.execute(db);
  for (const [table, name, condition] of checks) {
    await db.schema.alterTable(table).addCheckConstraint(name, condition).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, name] of checks) await db.schema.alterTable(table).dropConstraint(name).execute();
  await db.schema
    .alterTable('invoice_items')
    .dropColumn('tax_category')
    .dropColumn('unit_code')
    .execute();
  await db.schema
    .alterTable('invoices')
    .dropColumn('buyer')
    .dropColumn('seller')
    .dropColumn('tax_breakdown')
    .dropColumn('tax_rounding')
    .dropColumn('tax_exemptions')
    .dropColumn('delivery_country')
    .dropColumn('delivery_date')
    .dropColumn('purchase_order_reference')
    .dropColumn('buyer_reference')
    .execute();
  await db.schema.alterTable('clients').dropColumn('electronic_address').execute();
  await db.schema.dropTable('business_profiles').execute();
}
