/** An invoice as a PdfDocumentModel, in a language. */
import type { Invoice } from '../../schemas/invoices.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { type Language, translate } from '../i18n/index.js';
import type { PdfDocumentModel } from './document-model.js';
import { dateFact, documentParts, notesSection, paymentSection, sumRows, totalRow } from './model-parts.js';

const markFor = (status: Invoice['status']): PdfDocumentModel['mark'] =>
  status === 'draft' ? 'draft' : status === 'void' ? 'void' : null;

/**
 * `seller` is the invoice's own snapshot, or the current profile for an invoice that has none (a
 * draft, or one published before any profile existed).
 */
export function invoicePdfModel(invoice: Invoice, seller: InvoiceSeller, language: Language): PdfDocumentModel {
  const fact = (label: 'document.buyerReference' | 'document.purchaseOrder', value: string | null) =>
    value ? [{ label: translate(language, label), value }] : [];
  const mark = markFor(invoice.status);
  const { currency } = invoice;
  return {
    title: translate(language, 'document.invoice'),
    number: invoice.status === 'draft' ? null : invoice.number,
    mark,
    reference: translate(language, 'document.invoiceReference', { state: mark ?? 'issued', number: invoice.number ?? '' }),
    facts: [
      dateFact(language, 'document.issueDate', invoice.issueDate),
      dateFact(language, 'document.dueDate', invoice.dueDate),
      ...(invoice.deliveryDate ? [dateFact(language, 'document.deliveryDate', invoice.deliveryDate)] : []),
      ...fact('document.buyerReference', invoice.buyerReference),
      ...fact('document.purchaseOrder', invoice.purchaseOrderReference),
    ],
    ...documentParts(language, invoice, seller),
    totals: [
      ...sumRows(language, invoice, currency),
      totalRow(language, 'totals.paid', invoice.amountPaid, currency),
      totalRow(language, 'totals.amountDue', invoice.amountDue, currency, true),
    ],
    sections: [...paymentSection(language, seller.bankAccount, invoice.number), ...notesSection(language, invoice.notes)],
  };
}
