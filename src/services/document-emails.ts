/**
 * Emailing a document to the customer (contract v1.2 "Email"): who it goes to (`to`, else the
 * client's email, else 422 naming /email/to), in which language (asked, else the document's),
 * the words (src/mail) and the queued message, all in the caller's transaction, right after the
 * transition it goes with. The seller's email is the Reply-To; a document needs the business
 * profile (422 profile_required). Attachments come from the caller, rendered through the
 * existing PDF pool and UBL builder once the checks here have passed.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { SendEmailOptions } from '../../schemas/emails.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { AppError } from '../errors.js';
import type { Language } from '../i18n/index.js';
import { creditNoteMessage, invoiceMessage } from '../mail/document-messages.js';
import { creditNoteDocument } from './credit-note-documents.js';
import { documentLanguage } from './document-language.js';
import { type EmailAttachment, queueEmail } from './emails.js';
import { documentSeller } from './invoice-documents.js';
import type { InvoiceRecord } from './invoice-records.js';

/** Renders the attachments in the message's language. */
export type AttachmentRenderer = (language: Language) => Promise<EmailAttachment[]>;

/** `to` as asked, else the client's email; 422 naming /email/to when there is neither. */
async function recipients(trx: Transaction<DB>, userId: string, clientId: string, asked: readonly string[] | undefined) {
  if (asked && asked.length > 0) return asked;
  const client = await trx
    .selectFrom('clients')
    .select('email')
    .where('user_id', '=', userId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (client?.email) return [client.email];
  throw new AppError('unprocessable', 'Say whom to send it to: the client has no email', [
    { path: '/email/to', message: 'is required when the client has no email' },
  ]);
}

interface DocumentEmail {
  userId: string;
  clientId: string;
  seller: InvoiceSeller;
  language: Language;
  options: SendEmailOptions;
  render: AttachmentRenderer;
}

/** The parts every document message shares: recipients, then attachments (only once the checks passed). */
async function envelope(trx: Transaction<DB>, { userId, clientId, seller, language, options, render }: DocumentEmail) {
  const to = await recipients(trx, userId, clientId, options.to);
  const attachments = await render(language);
  return {
    userId,
    to,
    cc: options.cc ?? [],
    bcc: options.bcc ?? [],
    replyTo: seller.email,
    language,
    attachments,
  };
}

/** What every document's message says beside its own figures. */
function sharedWords(parts: Awaited<ReturnType<typeof envelope>>, seller: InvoiceSeller, options: SendEmailOptions) {
  return {
    language: parts.language,
    seller: seller.legalName,
    subject: options.subject,
    message: options.message,
    attachments: parts.attachments.map((attachment) => attachment.fileName),
  };
}

/** Queues the message of an invoice just sent (`record` as the transition left it). */
export async function emailInvoice(
  trx: Transaction<DB>,
  userId: string,
  { row, invoice }: InvoiceRecord,
  options: SendEmailOptions,
  render: AttachmentRenderer,
): Promise<void> {
  const { seller } = await documentSeller(trx, row, invoice);
  const language = await documentLanguage(trx, row, options.language);
  const parts = await envelope(trx, { userId, clientId: row.client_id, seller, language, options, render });
  const content = invoiceMessage({
    ...sharedWords(parts, seller, options),
    number: invoice.number ?? '',
    currency: invoice.currency,
    amountDue: invoice.amountDue,
    dueDate: invoice.dueDate,
    hostedUrl: invoice.hostedUrl,
  });
  await queueEmail(trx, { ...parts, kind: 'invoice', invoiceId: invoice.id, ...content });
}

/** Queues the message of a credit note (404 and 422 profile_required from its documents' loader). */
export async function emailCreditNote(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  options: SendEmailOptions,
  render: AttachmentRenderer,
): Promise<void> {
  const { row, creditNote, invoice, seller } = await creditNoteDocument(trx, userId, id);
  const issued = { user_id: invoice.user_id, client_id: invoice.client_id, language: row.language };
  const language = await documentLanguage(trx, issued, options.language);
  const parts = await envelope(trx, { userId, clientId: invoice.client_id, seller, language, options, render });
  const content = creditNoteMessage({
    ...sharedWords(parts, seller, options),
    number: creditNote.number,
    invoiceNumber: invoice.number,
    currency: creditNote.currency,
    total: creditNote.total,
    hostedUrl: creditNote.hostedUrl,
  });
  await queueEmail(trx, { ...parts, kind: 'credit_note', creditNoteId: creditNote.id, ...content });
}
