/** An invoice as a PdfDocumentModel. */
import type { Invoice } from '../../schemas/invoices.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { formatAmount } from '../domain/currency-amounts.js';
import type { PdfDocumentModel } from './document-model.js';
import { buyerParty, itemLines, notesSection, paymentSection, sellerParty, taxRows } from './model-parts.js';

const markFor = (status: Invoice['status']): PdfDocumentModel['mark'] =>
  status === 'draft' ? 'DRAFT' : status === 'void' ? 'VOID' : null;

/**
 * `seller` is the invoice's own snapshot, or the current profile for an invoice that has none (a
 * draft, or one published before any profile existed).
 */
export function invoiceDocument(invoice: Invoice, seller: InvoiceSeller): PdfDocumentModel {
  const amount = (minor: number) => formatAmount(minor, invoice.currency);
  const facts = [
    { label: 'Issue date', value: invoice.issueDate },
    { label: 'Due date', value: invoice.dueDate },
    ...(invoice.deliveryDate ? [{ label: 'Delivery date', value: invoice.deliveryDate }] : []),
    ...(invoice.buyerReference ? [{ label: 'Your reference', value: invoice.buyerReference }] : []),
    ...(invoice.purchaseOrderReference ? [{ label: 'Purchase order', value: invoice.purchaseOrderReference }] : []),
  ];
  return {
    title: 'Invoice',
    number: invoice.status === 'draft' ? null : invoice.number,
    mark: markFor(invoice.status),
    currency: invoice.currency,
    facts,
    seller: sellerParty(seller),
    buyer: buyerParty(invoice.buyer),
    lines: itemLines(invoice.items, invoice.currency),
    taxRows: taxRows(invoice.taxBreakdown, invoice.taxExemptions, invoice.currency),
    totals: [
      { label: 'Subtotal', amount: amount(invoice.subtotal), emphasis: false },
      { label: 'Tax', amount: amount(invoice.tax), emphasis: false },
      { label: 'Total', amount: amount(invoice.total), emphasis: true },
      { label: 'Paid', amount: amount(invoice.amountPaid), emphasis: false },
      { label: 'Amount due', amount: amount(invoice.amountDue), emphasis: true },
    ],
    sections: [...paymentSection(seller.bankAccount, invoice.number), ...notesSection(invoice.notes)],
  };
}

