/**
 * `npm run db:codegen` regenerates db/types.ts from the migrations: it creates a throwaway
 * PostgreSQL database, migrates it, runs kysely-codegen on it and drops it again.
 * `npm run db:codegen -- --check` changes nothing and exits 1 when db/types.ts is stale.
 * The server is the one of DATABASE_URL, else TEST_DATABASE_URL, else the local default.
 * Columns a CHECK limits to a list get that list as their type, taken from the schemas (the
 * one source of truth), and jsonb columns the shape they hold, so services need no casts.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { metadataTables } from '../migrations/2026-12-06-2302-metadata.js';
import { apiKeyScopes } from '../schemas/api-keys.js';
import { clientKinds } from '../schemas/clients.js';
import { paymentMethods } from '../schemas/payments.js';
import { roles } from '../schemas/users.js';
import {
  emailKinds,
  emailStatuses,
  invoiceStatuses,
  languages,
  logoMediaTypes,
  recurrenceIntervals,
  recurringStatuses,
  taskStates,
  taxCategories,
  taxRoundings,
} from '../base/vocabulary.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

if (existsSync(`${repoRoot}.env`)) process.loadEnvFile(`${repoRoot}.env`);
const adminUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `igp_codegen_${randomBytes(6).toString('hex')}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

async function withAdmin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function migrate() {
  const { db } = createDatabase({ DATABASE_URL: url.toString(), DATA_DIR: 'memory://', DB_POOL_MAX: 1, DB_STATEMENT_TIMEOUT_MS: 60_000 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

const union = (values: readonly string[]) => values.map((value) => JSON.stringify(value)).join(' | ');
/**
 * A jsonb column reads as its shape (base/stored-shapes.ts). An array goes in as its JSON text (pg
 * would send a JS array as a PostgreSQL array), and so does metadata (services/metadata.ts); an
 * object goes in as itself.
 */
const jsonText = (shape: string) => `ColumnType<${shape}, string, string>`;
const withDefault = (type: string) => `Generated<${type}>`;
const metadataColumn = 'ColumnType<Metadata, string | undefined, string>';
const storedShapes = [
  'Address', 'AdjustmentInput', 'BankAccount', 'Buyer', 'ElectronicAddress', 'EventObject', 'LineInput', 'Metadata',
  'PricedAdjustment', 'Seller', 'TaxBreakdownEntry', 'TaxExemption',
];
const documentColumns = (table: string) => ({
  [`${table}.allowances`]: withDefault(jsonText('PricedAdjustment[]')),
  [`${table}.charges`]: withDefault(jsonText('PricedAdjustment[]')),
  [`${table}.tax_breakdown`]: withDefault(jsonText('TaxBreakdownEntry[]')),
  [`${table}.tax_exemptions`]: withDefault(jsonText('TaxExemption[]')),
  [`${table}.seller`]: 'Seller | null',
  [`${table}.tax_rounding`]: withDefault(union(taxRoundings)),
});

/** Column types for kysely-codegen's --overrides; a column with a default stays Generated. */
const columnTypes = {
  ...Object.fromEntries(metadataTables.map((table) => [`${table}.metadata`, metadataColumn])),
  ...documentColumns('invoices'),
  ...documentColumns('credit_notes'),
  'api_keys.scope': union(apiKeyScopes),
  'business_logos.media_type': union(logoMediaTypes),
  'business_profiles.address': 'Address',
  'business_profiles.bank_account': 'BankAccount | null',
  'business_profiles.default_language': withDefault(union(languages)),
  'business_profiles.electronic_address': 'ElectronicAddress | null',
  'business_profiles.tax_rounding': withDefault(union(taxRoundings)),
  'clients.address': 'Address | null',
  'clients.electronic_address': 'ElectronicAddress | null',
  'clients.kind': union(clientKinds),
  'clients.language': `${union(languages)} | null`,
  'credit_note_items.tax_category': union(taxCategories),
  'credit_notes.buyer': 'Buyer',
  'credit_notes.language': `${union(languages)} | null`,
  'emails.bcc_addresses': withDefault(jsonText('string[]')),
  'emails.cc_addresses': withDefault(jsonText('string[]')),
  'emails.kind': union(emailKinds),
  'emails.language': union(languages),
  'emails.status': withDefault(union(emailStatuses)),
  'emails.to_addresses': jsonText('string[]'),
  'events.object': jsonText('EventObject'),
  'invoice_items.tax_category': withDefault(union(taxCategories)),
  'invoices.buyer': 'Buyer | null',
  'invoices.language': `${union(languages)} | null`,
  'invoices.status': withDefault(union(invoiceStatuses)),
  'jobs.state': withDefault(union(taskStates)),
  'payments.method': union(paymentMethods),
  'recurring_invoices.allowances': withDefault(jsonText('AdjustmentInput[]')),
  'recurring_invoices.charges': withDefault(jsonText('AdjustmentInput[]')),
  'recurring_invoices.interval': union(recurrenceIntervals),
  'recurring_invoices.items': jsonText('LineInput[]'),
  'recurring_invoices.status': withDefault(union(recurringStatuses)),
  'recurring_invoices.tax_exemptions': withDefault(jsonText('TaxExemption[]')),
  'users.role': withDefault(union(roles)),
};

function runCodegen(): number {
  const bin = createRequire(import.meta.url).resolve('kysely-codegen/dist/cli/bin.js');
  const args = [
    '--dialect', 'postgres',
    '--url', url.toString(),
    '--out-file', 'db/types.ts',
    '--date-parser', 'string',
    '--type-mapping', JSON.stringify({ int8: 'number', timestamptz: 'ColumnType<string, Date | string, Date | string>' }),
    '--exclude-pattern', 'kysely_*',
    '--overrides', JSON.stringify({ columns: columnTypes }),
    '--custom-imports', JSON.stringify(Object.fromEntries(storedShapes.map((name) => [name, '../base/stored-shapes.js']))),
    ...(check ? ['--verify'] : []),
  ];
  return spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: 'inherit' }).status ?? 1;
}

await withAdmin(`create database "${name}"`);
let status: number;
try {
  await migrate();
  status = runCodegen();
} finally {
  await withAdmin(`drop database if exists "${name}" with (force)`);
}
if (status !== 0) {
  console.error(check ? 'db/types.ts is stale: run `npm run db:codegen` and commit the result' : 'kysely-codegen failed');
  process.exit(status);
}
