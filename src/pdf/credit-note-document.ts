/** A credit note as a PdfDocumentModel. */
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import type { PdfDocumentModel } from './document-model.js';
import { documentParts, sumRows, totalRow } from './model-parts.js';

/**
 * `creditedInvoice` is the number of the invoice the note corrects; `seller` the note's own
 * snapshot, or the current profile for a note issued before any profile existed. The totals end
 * with how the note was settled: what it took off the invoice's amount due, and what is owed back.
 */
export function creditNotePdfModel(note: CreditNote, creditedInvoice: string, seller: InvoiceSeller): PdfDocumentModel {
  return {
    title: 'Credit note',
    number: note.number,
    mark: null,
    facts: [
      { label: 'Issue date', value: note.issueDate },
      { label: 'Credited invoice', value: creditedInvoice },
    ],
    ...documentParts(note, seller),
    totals: [
      ...sumRows(note, note.currency),
      totalRow('Applied to balance', note.appliedToBalance, note.currency),
      totalRow('Refund due', note.refundDue, note.currency, true),
    ],
    sections: [{ heading: 'Reason', text: note.reason }],
  };
}
