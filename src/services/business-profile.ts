/** The business profile (one per user): the seller invoices name and the defaults they take. */
import { type Selectable, type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { BusinessProfile, PatchBusinessProfileBody, PutBusinessProfileBody, ReminderSettingsInput } from '../../schemas/business.js';
import type { BankAccount, BankAccountInput, InvoiceSeller } from '../../schemas/parties.js';
import { AppError, notFound } from '../errors.js';
import { defaultLanguage } from '../i18n/index.js';
import { reportEvent } from '../unit-of-work/events.js';
import { normaliseAddress } from './clients.js';
import { ifMatchAllows } from './preconditions.js';

export type BusinessProfileRow = Selectable<DB['business_profiles']>;

const profileNotFound = () => notFound('Business profile');

function normaliseBankAccount(account: BankAccountInput): BankAccount {
  return { iban: account.iban, bic: account.bic ?? null, accountName: account.accountName ?? null };
}

/** The seller as an invoice shows it: the profile's identifying fields, without its settings. */
export function toSeller(row: BusinessProfileRow): InvoiceSeller {
  return {
    legalName: row.legal_name,
    tradingName: row.trading_name,
    address: normaliseAddress(row.address),
    vatId: row.vat_id,
    legalId: row.legal_id,
    legalIdScheme: row.legal_id_scheme,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    electronicAddress: row.electronic_address,
    bankAccount: row.bank_account === null ? null : normaliseBankAccount(row.bank_account),
  };
}

export function toBusinessProfile(row: BusinessProfileRow): BusinessProfile {
  return {
    ...toSeller(row),
    paymentTermsDays: row.payment_terms_days,
    taxRounding: row.tax_rounding,
    invoiceNumberPrefix: row.invoice_number_prefix,
    creditNoteNumberPrefix: row.credit_note_number_prefix,
    defaultLanguage: row.default_language,
    reminders: { enabled: row.reminders_enabled, daysBeforeDue: row.reminder_days_before, daysAfterDue: row.reminder_days_after },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Strong validator of the profile; changes with every write. */
export const businessProfileEtag = (row: Pick<BusinessProfileRow, 'version'>) => `"business.${row.version}"`;

const profileOfUser = compiledQuery('profile_of_user', (db, { userId }: { userId: string }) =>
  db.selectFrom('business_profiles').selectAll().where('user_id', '=', userId),
);

export async function findBusinessProfileRow(db: Executor, userId: string): Promise<BusinessProfileRow | undefined> {
  const [row] = await profileOfUser(db, { userId });
  return row;
}

export async function getBusinessProfile(db: Executor, userId: string): Promise<BusinessProfileRow> {
  const row = await findBusinessProfileRow(db, userId);
  if (!row) throw profileNotFound();
  return row;
}

/** Reminder settings are replaced whole: what they leave out is off or empty. */
const reminderColumns = (reminders: ReminderSettingsInput = {}) => ({
  reminders_enabled: reminders.enabled ?? false,
  reminder_days_before: reminders.daysBeforeDue ?? [],
  reminder_days_after: reminders.daysAfterDue ?? [],
});

/** The columns a body sets; what it leaves out stays undefined, which Kysely skips. */
function profileColumns(body: PatchBusinessProfileBody) {
  return {
    ...(body.reminders && reminderColumns(body.reminders)),
    legal_name: body.legalName,
    trading_name: body.tradingName,
    address: body.address && normaliseAddress(body.address),
    vat_id: body.vatId,
    legal_id: body.legalId,
    legal_id_scheme: body.legalIdScheme,
    contact_name: body.contactName,
    email: body.email,
    phone: body.phone,
    electronic_address: body.electronicAddress,
    bank_account: body.bankAccount ? normaliseBankAccount(body.bankAccount) : body.bankAccount,
    payment_terms_days: body.paymentTermsDays,
    tax_rounding: body.taxRounding,
    invoice_number_prefix: body.invoiceNumberPrefix,
    credit_note_number_prefix: body.creditNoteNumberPrefix,
    default_language: body.defaultLanguage,
  };
}

function assertIfMatch(ifMatch: string | undefined, row: BusinessProfileRow | undefined) {
  const etag = row ? businessProfileEtag(row) : undefined;
  if (ifMatch === undefined || (etag && ifMatchAllows(ifMatch, etag))) return;
  throw new AppError('precondition_failed', `If-Match does not match the current ETag${etag ? ` ${etag}` : ' (there is no profile yet)'}`);
}

function lockProfileRow(trx: Transaction<DB>, userId: string) {
  return trx.selectFrom('business_profiles').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

/** Creates or replaces the whole profile: optional fields left out become null, settings their defaults. */
export async function putBusinessProfile(
  trx: Transaction<DB>,
  userId: string,
  body: PutBusinessProfileBody,
  ifMatch?: string,
): Promise<BusinessProfileRow> {
  const current = await lockProfileRow(trx, userId);
  assertIfMatch(ifMatch, current);
  const columns = {
    ...profileColumns(body),
    legal_name: body.legalName,
    address: normaliseAddress(body.address),
    trading_name: body.tradingName ?? null,
    vat_id: body.vatId ?? null,
    legal_id: body.legalId ?? null,
    legal_id_scheme: body.legalIdScheme ?? null,
    contact_name: body.contactName ?? null,
    email: body.email ?? null,
    phone: body.phone ?? null,
    electronic_address: body.electronicAddress ?? null,
    bank_account: body.bankAccount ? normaliseBankAccount(body.bankAccount) : null,
    payment_terms_days: body.paymentTermsDays ?? 30,
    tax_rounding: body.taxRounding ?? 'line',
    invoice_number_prefix: body.invoiceNumberPrefix ?? 'INV-',
    credit_note_number_prefix: body.creditNoteNumberPrefix ?? 'CN-',
    default_language: body.defaultLanguage ?? defaultLanguage,
    ...reminderColumns(body.reminders),
  };
  const row = await trx
    .insertInto('business_profiles')
    .values({ ...columns, user_id: userId })
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet({ ...columns, version: sql`business_profiles.version + 1`, updated_at: sql`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  reportEvent(trx, { userId, type: 'business.updated', object: toBusinessProfile(row) });
  return row;
}

/** Changes the fields given; 404 before a profile exists. */
export async function patchBusinessProfile(
  trx: Transaction<DB>,
  userId: string,
  body: PatchBusinessProfileBody,
  ifMatch?: string,
): Promise<BusinessProfileRow> {
  const current = await lockProfileRow(trx, userId);
  if (!current) throw profileNotFound();
  assertIfMatch(ifMatch, current);
  const row = await trx
    .updateTable('business_profiles')
    .set({ ...profileColumns(body), version: sql`version + 1`, updated_at: sql`now()` })
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  reportEvent(trx, { userId, type: 'business.updated', object: toBusinessProfile(row) });
  return row;
}
