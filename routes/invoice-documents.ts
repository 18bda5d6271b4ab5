/** E-invoices of an invoice (a plugin on the /invoices prefix): UBL and CII, see e-invoice-routes.ts. */
import { invoiceEInvoice } from '../src/services/invoice-documents.js';
import { eInvoiceRoutes } from './e-invoice-routes.js';

export default eInvoiceRoutes({
  operationNoun: 'Invoice',
  what: 'an issued invoice',
  tag: 'invoices',
  refusals: { not_found: 'No such invoice among yours', invalid_transition: 'The invoice is a draft: it has no number yet' },
  load: invoiceEInvoice,
});
