import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { PdfQuery } from '../schemas/documents.js';
import { invoicePdfModel } from '../src/pdf/invoice-document.js';
import { documentLogo } from '../src/services/business-logo.js';
import { documentLanguage } from '../src/services/document-language.js';
import { documentSeller, issuedInvoiceDocument } from '../src/services/invoice-documents.js';
import { findInvoice } from '../src/services/invoice-records.js';
import { type DocumentFile, documentFileName, facturXPdf, inlinePdf } from './document-reply.js';
import { pdfRoute } from './pdf-route.js';

/**
 * The invoice's PDF (or Factur-X PDF/A-3b), rendered only when sent: shared with the hosted link's
 * download and the email's attachment (which reads through its request's transaction, `db`).
 */
export async function invoicePdf(
  app: FastifyInstance,
  userId: string,
  id: string,
  query: Static<typeof PdfQuery>,
  db: Kysely<DB> | Transaction<DB> = app.db,
): Promise<DocumentFile> {
  if (query.format === 'facturx') {
    const { row, invoice, seller, document, version } = await issuedInvoiceDocument(db, userId, id);
    const [language, logo] = await Promise.all([documentLanguage(db, row, query.language), documentLogo(db, userId, row.logo_sha256)]);
    return facturXPdf(invoicePdfModel(invoice, seller, language), logo, document, version, app.renderPdf);
  }
  const { row, invoice } = await findInvoice(db, userId, id);
  // A draft, or an invoice published before any profile existed, borrows the profile's seller and logo.
  const frozenLogo = row.status === 'draft' || row.seller === null ? undefined : row.logo_sha256;
  const [{ seller }, language, logo] = await Promise.all([
    documentSeller(db, row, invoice),
    documentLanguage(db, row, query.language),
    documentLogo(db, userId, frozenLogo),
  ]);
  const fileName = invoice.number === null ? `draft-${invoice.id}.pdf` : documentFileName(invoice.number, 'pdf');
  return inlinePdf({ model: invoicePdfModel(invoice, seller, language), facturX: null, logo }, fileName, app.renderPdf);
}

export default pdfRoute({
  operationId: 'getInvoicePdf',
  summary: 'Download the invoice as a PDF (or a Factur-X / ZUGFeRD PDF/A-3b)',
  description:
    'A human-readable invoice: seller, buyer, lines, tax per rate, totals, payment details and notes. ' +
    'A draft is marked DRAFT and has no number; a void invoice is marked VOID. Written in the language frozen ' +
    'when it was published (a draft: its client’s, else the profile’s defaultLanguage), or the one ?language= names.',
  tag: 'invoices',
  refusals: {
    not_found: 'No such invoice among yours',
    invalid_transition: 'format=facturx of a draft: it has no number and no e-invoice yet',
  },
  pdf: invoicePdf,
});
