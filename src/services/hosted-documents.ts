/**
 * What a hosted link opens: the issued invoice or credit note whose token it carries, found by the
 * token's digest (one indexed lookup, the same work for a token that matches nothing), the first
 * view of an invoice recorded once, and rotation of an invoice's link.
 */
import { type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { AppError, notFound } from '../errors.js';
import type { Language } from '../i18n/index.js';
import { hostedTokenDigest, newHostedToken } from '../hosted-links.js';
import { reportEvent } from '../unit-of-work/events.js';
import { findBusinessProfileRow, toSeller } from './business-profile.js';
import { documentLogoFile } from './business-logo.js';
import { findCreditNote } from './credit-notes.js';
import { clientDocumentLanguage, documentLanguage } from './document-language.js';
import { type InvoiceRecord, type InvoiceRow, findInvoiceRow, lockInvoiceRow, todayUtc, updateInvoiceRow, withItems } from './invoice-records.js';

// With the languages a row that froze none is written in, so a page needs no second query for them.
const invoiceByTokenDigest = compiledQuery('invoice_by_hosted_token', (db, { digest }: { digest: Buffer }) =>
  db
    .selectFrom('invoices')
    .leftJoin('clients', (join) => join.onRef('clients.id', '=', 'invoices.client_id').onRef('clients.user_id', '=', 'invoices.user_id'))
    .leftJoin('business_profiles', 'business_profiles.user_id', 'invoices.user_id')
    .selectAll('invoices')
    .select(['clients.language as client_language', 'business_profiles.default_language'])
    .where(sql<Buffer>`sha256(invoices.hosted_token::bytea)`, '=', digest),
);

const creditNoteByTokenDigest = compiledQuery('credit_note_by_hosted_token', (db, { digest }: { digest: Buffer }) =>
  db.selectFrom('credit_notes').select(['id', 'user_id']).where(sql<Buffer>`sha256(hosted_token::bytea)`, '=', digest),
);

const linkNotFound = () => notFound('Hosted document');

/**
 * The invoice row a link names and the language its documents take now (the row's own when it
 * froze one: src/services/document-language.ts); 404 for a malformed, unknown or rotated token alike.
 */
export async function findHostedInvoice(db: Executor, token: string): Promise<{ row: InvoiceRow; language: Language }> {
  const [found] = await invoiceByTokenDigest(db, { digest: hostedTokenDigest(token) });
  if (!found) throw linkNotFound();
  const { client_language, default_language, ...row } = found;
  return { row, language: row.language ?? clientDocumentLanguage(client_language, default_language) };
}

export const findHostedInvoiceRow = async (db: Executor, token: string): Promise<InvoiceRow> => (await findHostedInvoice(db, token)).row;

/** The credit note a link names (id and owner), or 404. */
export async function findHostedCreditNote(db: Executor, token: string) {
  const [row] = await creditNoteByTokenDigest(db, { digest: hostedTokenDigest(token) });
  if (!row) throw linkNotFound();
  return row;
}

/** The seller a page names: the document's snapshot, else the current profile, else none (the page then shows no seller). */
export async function pageSeller(db: Executor, userId: string, snapshot: InvoiceSeller | null): Promise<InvoiceSeller | null> {
  if (snapshot) return snapshot;
  const profile = await findBusinessProfileRow(db, userId);
  return profile ? toSeller(profile) : null;
}

/**
 * The logo a page shows, inline as a data: URL (the page loads nothing but its stylesheet): the one
 * the document was issued with, or the profile's for one issued before its user had a profile.
 */
export async function pageLogo(db: Executor, userId: string, issued: { seller: unknown; logo_sha256: string | null }): Promise<string | null> {
  const logo = await documentLogoFile(db, userId, issued.seller === null ? undefined : issued.logo_sha256);
  return logo ? `data:${logo.mediaType};base64,${logo.image.toString('base64')}` : null;
}

/**
 * What an invoice's page is rendered from besides its row, as one string, or null when the page
 * reads live data no version tracks (a seller or buyer not frozen into the row: the profile's
 * details and logo, the client's). Frozen parties and the logo by its digest change only with the
 * row's version; the language may be the client's live one; today decides "overdue"; the token
 * is in the page's links.
 */
export function invoicePageStamp(row: InvoiceRow, language: Language, token: string): string | null {
  if (row.status === 'draft' || row.seller === null || row.buyer === null) return null;
  return `${row.version}:${language}:${todayUtc()}:${token}`;
}

/** A credit note a link names, the number of the invoice it credits, its seller (or none) and its language, or 404. */
export async function hostedCreditNote(db: Executor, token: string) {
  const { id, user_id: userId } = await findHostedCreditNote(db, token);
  const { row, creditNote } = await findCreditNote(db, userId, id);
  const [invoice, seller] = await Promise.all([findInvoiceRow(db, userId, creditNote.invoiceId), pageSeller(db, userId, creditNote.seller)]);
  if (invoice.number === null) throw new Error(`credit note ${id} corrects an invoice without a number`);
  const [language, logo] = await Promise.all([
    documentLanguage(db, { user_id: userId, client_id: invoice.client_id, language: row.language }, undefined),
    pageLogo(db, userId, row),
  ]);
  return { creditNote, creditedInvoice: invoice.number, seller, language, logo };
}

/**
 * Sets viewedAt and reports `invoice.viewed` on the first view only: the update matches no row once
 * viewedAt is set, so concurrent first views write it once.
 */
export async function recordInvoiceView(trx: Transaction<DB>, row: InvoiceRow): Promise<InvoiceRecord | null> {
  const viewed = await trx
    .updateTable('invoices')
    .set({ viewed_at: sql<string>`now()`, version: sql`version + 1` })
    .where('id', '=', row.id)
    .where('viewed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!viewed) return null;
  const record = await withItems(trx, viewed);
  reportEvent(trx, { userId: row.user_id, type: 'invoice.viewed', object: record.invoice });
  return record;
}

/** A new link for an issued invoice: the old one answers 404 from then on. A draft has none (409). */
export async function rotateInvoiceLink(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const row = await lockInvoiceRow(trx, userId, id);
  if (row.status === 'draft') throw new AppError('invalid_transition', 'A draft has no link yet: publish it first');
  const record = await withItems(trx, await updateInvoiceRow(trx, row, { hosted_token: newHostedToken() }));
  reportEvent(trx, { userId, type: 'invoice.updated', object: record.invoice });
  return record;
}
