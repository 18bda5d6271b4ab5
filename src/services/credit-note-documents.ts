/**
 * Documents of a credit note: the note resolved into the document model shared with invoices
 * (a UBL CreditNote 381 whose BillingReference names the invoice it corrects) and rendered as UBL.
 * A note never changes once issued; its seller is its snapshot, or the current profile for a note
 * issued before one existed (422 profile_required without either).
 */
import type { Executor } from '../../db/database.js';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import type { UblProfile } from '../domain/e-invoice/requirements.js';
import type { TradeDocument } from '../domain/e-invoice/trade-document.js';
import { buildUbl } from '../domain/e-invoice/ubl.js';
import { findCreditNote } from './credit-notes.js';
import { type UblFile, assertDocumentComplete, buyerParty, documentLines, sellerOrProfile, sellerParty } from './invoice-documents.js';
import { type InvoiceRow, findInvoiceRow } from './invoice-records.js';

/** The invoice a note corrects: always issued, so it has a number. */
type CorrectedInvoice = Pick<
  InvoiceRow,
  'issue_date' | 'buyer_reference' | 'purchase_order_reference' | 'delivery_date' | 'delivery_country'
> & { number: string };

/** A credit note as the document model: its own lines and sums, the invoice's references. */
export function creditNoteToTradeDocument(note: CreditNote, invoice: CorrectedInvoice, seller: InvoiceSeller): TradeDocument {
  return {
    kind: 'credit-note',
    number: note.number,
    issueDate: note.issueDate,
    dueDate: null,
    currency: note.currency,
    note: note.reason,
    buyerReference: invoice.buyer_reference,
    purchaseOrderReference: invoice.purchase_order_reference,
    deliveryDate: invoice.delivery_date,
    deliveryCountry: invoice.delivery_country,
    precedingInvoice: { number: invoice.number, issueDate: invoice.issue_date },
    seller: sellerParty(seller),
    buyer: buyerParty(note.buyer),
    bankAccount: seller.bankAccount,
    lines: documentLines(note.items),
    taxBreakdown: note.taxBreakdown,
    taxExemptions: note.taxExemptions,
    subtotal: note.subtotal,
    tax: note.tax,
    total: note.total,
    prepaid: 0,
    taxRounding: note.taxRounding,
  };
}

/** The credit note and what its documents need: the invoice it corrects, its seller and a version for the ETag. */
export async function creditNoteDocument(db: Executor, userId: string, id: string) {
  const { row, creditNote } = await findCreditNote(db, userId, id);
  const invoice = await findInvoiceRow(db, userId, row.invoice_id);
  const { number } = invoice;
  if (number === null) throw new Error(`credit note ${row.id} corrects an invoice without a number`);
  const { seller, version } = await sellerOrProfile(db, userId, creditNote.seller, row.id);
  return { creditNote, invoice: { ...invoice, number }, seller, version };
}

/** The UBL CreditNote: 404, 422 profile_required or naming what the rules need. */
export async function creditNoteUbl(db: Executor, userId: string, id: string, profile: UblProfile): Promise<UblFile> {
  const { creditNote, invoice, seller, version } = await creditNoteDocument(db, userId, id);
  const document = creditNoteToTradeDocument(creditNote, invoice, seller);
  assertDocumentComplete(document, profile);
  return { xml: buildUbl(document, profile), number: creditNote.number, etag: `"ubl.${profile}.${version}"` };
}
