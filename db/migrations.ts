/**
 * Migrations are imported statically (not read from disk at run time), so the same list works
 * under tsx, vitest and the compiled build.
 */
import type { Kysely } from 'kysely';
import type { DB } from './types.js';
import { type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as initial from '../migrations/2026-11-25-0001-initial.js';
import * as businessProfile from '../migrations/2026-12-01-0120-business-profile-and-e-invoice-fields.js';
import * as creditNotes from '../migrations/2026-12-01-0130-credit-notes.js';
import * as eventsAndWebhooks from '../migrations/2026-12-01-0140-events-and-webhooks.js';
import * as jobs from '../migrations/2026-12-06-2001-jobs.js';
import * as recurringInvoices from '../migrations/2026-12-06-2002-recurring-invoices.js';
import * as emails from '../migrations/2026-12-06-2101-emails.js';
import * as paymentReminders from '../migrations/2026-12-06-2103-payment-reminders.js';
import * as passwordResets from '../migrations/2026-12-06-2110-password-resets.js';
import * as hostedLinks from '../migrations/2026-12-06-2201-hosted-links.js';
import * as apiKeys from '../migrations/2026-12-06-2301-api-keys.js';
import * as metadata from '../migrations/2026-12-06-2302-metadata.js';
import * as invoiceSearch from '../migrations/2026-12-06-2303-invoice-search.js';
import * as reportIndexes from '../migrations/2026-12-06-2401-report-indexes.js';
import * as reportCoveringIndexes from '../migrations/2026-12-06-2402-report-covering-indexes.js';
import * as languages from '../migrations/2026-12-06-2501-languages.js';
import * as businessLogos from '../migrations/2026-12-06-2502-business-logos.js';
import * as discountsAllowancesCharges from '../migrations/2026-12-06-2601-discounts-allowances-charges.js';
import * as recurringAdjustments from '../migrations/2026-12-06-2602-recurring-adjustments.js';
import * as sellerContactName from '../migrations/2026-12-06-2701-seller-contact-name.js';

const migrations = {
  '2026-11-25-0001-initial': initial,
  '2026-12-01-0120-business-profile-and-e-invoice-fields': businessProfile,
  '2026-12-01-0130-credit-notes': creditNotes,
  '2026-12-01-0140-events-and-webhooks': eventsAndWebhooks,
  '2026-12-06-2001-jobs': jobs,
  '2026-12-06-2002-recurring-invoices': recurringInvoices,
  '2026-12-06-2101-emails': emails,
  '2026-12-06-2103-payment-reminders': paymentReminders,
  '2026-12-06-2110-password-resets': passwordResets,
  '2026-12-06-2201-hosted-links': hostedLinks,
  '2026-12-06-2301-api-keys': apiKeys,
  '2026-12-06-2302-metadata': metadata,
  '2026-12-06-2303-invoice-search': invoiceSearch,
  '2026-12-06-2401-report-indexes': reportIndexes,
  '2026-12-06-2402-report-covering-indexes': reportCoveringIndexes,
  '2026-12-06-2501-languages': languages,
  '2026-12-06-2502-business-logos': businessLogos,
  '2026-12-06-2601-discounts-allowances-charges': discountsAllowancesCharges,
  '2026-12-06-2602-recurring-adjustments': recurringAdjustments,
  '2026-12-06-2701-seller-contact-name': sellerContactName,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function createMigrator(db: Kysely<DB>): Migrator {
  // Migration names carry their issue's number (2026-12-06-<issue><NN>), not the order they land
  // in: a database migrated before a lower-numbered one landed must still accept it.
  return new Migrator({ db, provider, allowUnorderedMigrations: true });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((result) => `${result.direction} ${result.migrationName}: ${result.status}`);
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateDown());
}
