/**
 * Documents of an issued invoice: the invoice resolved into the document model
 * (src/domain/e-invoice/trade-document.ts), from which e-invoice-files.ts builds UBL and CII. The seller is the invoice's snapshot, or the current profile for an invoice
 * published before one existed; without either a document cannot name its issuer (422).
 */
import type { Executor } from '../../db/database.js';
import type { Invoice } from '../../schemas/invoices.js';
import type { InvoiceBuyer, InvoiceSeller } from '../../schemas/parties.js';
import type { DocumentParty, TradeDocument } from '../domain/e-invoice/trade-document.js';
import { AppError } from '../errors.js';
import { findBusinessProfileRow, toSeller } from './business-profile.js';
import { eInvoiceOf } from './e-invoice-files.js';
import { type InvoiceRow, findInvoice } from './invoice-records.js';

export interface DocumentSeller {
  seller: InvoiceSeller;
  /** Changes whenever anything the documents show changes: the invoice, or the profile it borrows. */
  version: string;
}

export const profileRequired = () =>
  new AppError('profile_required', 'Set your business profile (PUT /api/v1/business) first: a document names its seller');

/**
 * The seller a document names: its `snapshot`, else the user's current profile (whose version then
 * joins `version`), else 422 profile_required.
 */
export async function sellerOrProfile(
  db: Executor,
  userId: string,
  snapshot: InvoiceSeller | null,
  version: string,
): Promise<DocumentSeller> {
  if (snapshot) return { seller: snapshot, version };
  const profile = await findBusinessProfileRow(db, userId);
  if (!profile) throw profileRequired();
  return { seller: toSeller(profile), version: `${version}.${profile.version}` };
}

/** The seller an invoice's documents name (its snapshot, else the current profile), or 422 profile_required. */
export const documentSeller = (db: Executor, row: InvoiceRow, invoice: Invoice): Promise<DocumentSeller> =>
  sellerOrProfile(db, row.user_id, invoice.seller, `${row.id}.${row.version}`);

export const sellerParty = (seller: InvoiceSeller): DocumentParty => ({
  name: seller.legalName,
  tradingName: seller.tradingName,
  address: seller.address,
  vatId: seller.vatId,
  legalId: seller.legalId,
  legalIdScheme: seller.legalIdScheme,
  contactName: seller.contactName,
  email: seller.email,
  phone: seller.phone,
  electronicAddress: seller.electronicAddress,
});

export const buyerParty = (buyer: InvoiceBuyer): DocumentParty => ({
  name: buyer.name,
  tradingName: null,
  address: buyer.address,
  vatId: buyer.vatId,
  legalId: null,
  legalIdScheme: null,
  contactName: buyer.contactName,
  email: buyer.email,
  phone: null,
  electronicAddress: buyer.electronicAddress,
});

/** An invoice as the document model; `number` must be set (not a draft). */
export function invoiceToTradeDocument(invoice: Invoice & { number: string }, seller: InvoiceSeller): TradeDocument {
  return {
    kind: 'invoice',
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    note: invoice.notes,
    buyerReference: invoice.buyerReference,
    purchaseOrderReference: invoice.purchaseOrderReference,
    deliveryDate: invoice.deliveryDate,
    deliveryCountry: invoice.deliveryCountry,
    precedingInvoice: null,
    seller: sellerParty(seller),
    buyer: buyerParty(invoice.buyer),
    bankAccount: seller.bankAccount,
    lines: documentLines(invoice.items),
    taxBreakdown: invoice.taxBreakdown,
    taxExemptions: invoice.taxExemptions,
    ...documentAdjustments(invoice),
    tax: invoice.tax,
    total: invoice.total,
    prepaid: invoice.amountPaid,
    taxRounding: invoice.taxRounding,
  };
}

/** An issued invoice, its seller and its document model: 404, 409 for a draft (no number), 422 profile_required. */
export async function issuedInvoiceDocument(db: Executor, userId: string, id: string) {
  const { row, invoice } = await findInvoice(db, userId, id);
  const { number } = invoice;
  if (number === null) {
    throw new AppError('invalid_transition', 'A draft has no number and no e-invoice: publish it first');
  }
  const { seller, version } = await documentSeller(db, row, invoice);
  return { row, invoice, seller, version, document: invoiceToTradeDocument({ ...invoice, number }, seller) };
}

/** An issued invoice as an e-invoice file: the errors of issuedInvoiceDocument, or 422 naming what is missing. */
export const invoiceEInvoice = eInvoiceOf(issuedInvoiceDocument);

/** Priced items (an invoice's or a credit note's) as the document model's numbered lines. */
export function documentLines(items: readonly DocumentLineSource[]): TradeDocument['lines'] {
  return items.map((item, index) => ({
    id: String(index + 1),
    description: item.description,
    quantity: item.quantity,
    unitCode: item.unitCode,
    unitPrice: item.unitPrice,
    gross: item.gross,
    discount: item.discount && {
      amount: item.discountAmount,
      percent: item.discount.percent ?? null,
      reason: item.discount.reason ?? null,
    },
    subtotal: item.subtotal,
    taxCategory: item.taxCategory,
    taxRate: item.taxRate,
  }));
}
type DocumentLineSource = Invoice['items'][number];

/** The allowances, charges and sums of an invoice or a credit note, as the document model holds them. */
export const documentAdjustments = (source: Pick<Invoice, 'allowances' | 'charges' | 'lineTotal' | 'allowanceTotal' | 'chargeTotal' | 'subtotal'>) => ({
  allowances: source.allowances,
  charges: source.charges,
  lineTotal: source.lineTotal,
  allowanceTotal: source.allowanceTotal,
  chargeTotal: source.chargeTotal,
  subtotal: source.subtotal,
});
