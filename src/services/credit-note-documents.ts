/**
 * Documents of a credit note: the note resolved into the document model shared with invoices
 * (a CreditNote 381 naming the invoice it corrects), from which e-invoice-files.ts builds UBL and CII.
 * A note never changes once issued; its seller is its snapshot, or the current profile for a note
 * issued before one existed (422 profile_required without either).
 */
import type { Executor } from '../../db/database.js';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import type { TradeDocument } from '../domain/e-invoice/trade-document.js';
import { findCreditNote } from './credit-notes.js';
import { eInvoiceOf } from './e-invoice-files.js';
import { buyerParty, documentAdjustments, documentLines, sellerOrProfile, sellerParty } from './invoice-documents.js';
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
    ...documentAdjustments(note),
    tax: note.tax,
    total: note.total,
    prepaid: 0,
    taxRounding: note.taxRounding,
  };
}

/**
 * The credit note and what its documents need: the invoice it corrects, its seller, its document
 * model and a version for the ETag. 404, or 422 profile_required.
 */
export async function creditNoteDocument(db: Executor, userId: string, id: string) {
  const { row, creditNote } = await findCreditNote(db, userId, id);
  const invoiceRow = await findInvoiceRow(db, userId, row.invoice_id);
  const { number } = invoiceRow;
  if (number === null) throw new Error(`credit note ${row.id} corrects an invoice without a number`);
  const invoice = { ...invoiceRow, number };
  const { seller, version } = await sellerOrProfile(db, userId, creditNote.seller, row.id);
  return { row, creditNote, invoice, seller, version, document: creditNoteToTradeDocument(creditNote, invoice, seller) };
}

/** The credit note as an e-invoice file: 404, 422 profile_required or naming what the rules need. */
export const creditNoteEInvoice = eInvoiceOf(creditNoteDocument);
