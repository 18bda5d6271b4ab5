/** An invoice as a PdfDocumentModel. */
import type { Invoice } from '../../schemas/invoices.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import type { PdfDocumentModel } from './document-model.js';
import { documentParts, notesSection, paymentSection, sumRows, totalRow } from './model-parts.js';

const markFor = (status: Invoice['status']): PdfDocumentModel['mark'] =>
  status === 'draft' ? 'DRAFT' : status === 'void' ? 'VOID' : null;

/**
 * `seller` is the invoice's own snapshot, or the current profile for an invoice that has none (a
 * draft, or one published before any profile existed).
 */
export function invoicePdfModel(invoice: Invoice, seller: InvoiceSeller): PdfDocumentModel {
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
    facts,
    ...documentParts(invoice, seller),
    totals: [
      ...sumRows(invoice, invoice.currency),
      totalRow('Paid', invoice.amountPaid, invoice.currency),
      totalRow('Amount due', invoice.amountDue, invoice.currency, true),
    ],
    sections: [...paymentSection(seller.bankAccount, invoice.number), ...notesSection(invoice.notes)],
  };
}

