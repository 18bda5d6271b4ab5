/** A credit note as a PdfDocumentModel, in a language. */
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { type Language, translate } from '../i18n/index.js';
import type { PdfDocumentModel } from './document-model.js';
import { dateFact, documentParts, sumRows, totalRow } from './model-parts.js';

/**
 * `creditedInvoice` is the number of the invoice the note corrects; `seller` the note's own
 * snapshot, or the current profile for a note issued before any profile existed. The totals end
 * with how the note was settled: what it took off the invoice's amount due, and what is owed back.
 */
export function creditNotePdfModel(note: CreditNote, creditedInvoice: string, seller: InvoiceSeller, language: Language): PdfDocumentModel {
  const { currency } = note;
  return {
    title: translate(language, 'document.creditNote'),
    number: note.number,
    mark: null,
    reference: translate(language, 'document.creditNoteReference', { number: note.number }),
    facts: [
      dateFact(language, 'document.issueDate', note.issueDate),
      { label: translate(language, 'document.creditedInvoice'), value: creditedInvoice },
    ],
    ...documentParts(language, note, seller),
    totals: [
      ...sumRows(language, note, currency),
      totalRow(language, 'totals.appliedToBalance', note.appliedToBalance, currency),
      totalRow(language, 'totals.refundDue', note.refundDue, currency, true),
    ],
    sections: [{ heading: translate(language, 'section.reason'), text: note.reason }],
  };
}
