/** E-invoices of a credit note (a plugin on the /credit-notes prefix): UBL and CII, see e-invoice-routes.ts. */
import { creditNoteEInvoice } from '../src/services/credit-note-documents.js';
import { eInvoiceRoutes } from './e-invoice-routes.js';

export default eInvoiceRoutes({
  operationNoun: 'CreditNote',
  what: 'a credit note',
  tag: 'credit-notes',
  refusals: { not_found: 'No such credit note, or it is not yours' },
  load: creditNoteEInvoice,
});
