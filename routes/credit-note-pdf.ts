import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { PdfQuery } from '../schemas/documents.js';
import { creditNotePdfModel } from '../src/pdf/credit-note-document.js';
import { documentLogo } from '../src/services/business-logo.js';
import { creditNoteDocument } from '../src/services/credit-note-documents.js';
import { documentLanguage } from '../src/services/document-language.js';
import { type DocumentFile, documentFileName, facturXPdf, inlinePdf } from './document-reply.js';
import { pdfRoute } from './pdf-route.js';

/** The credit note's PDF (or Factur-X PDF/A-3b), rendered only when sent: shared with the hosted link's download. */
export async function creditNotePdf(
  app: FastifyInstance,
  userId: string,
  id: string,
  query: Static<typeof PdfQuery>,
  db: Kysely<DB> | Transaction<DB> = app.db,
): Promise<DocumentFile> {
  const { row, creditNote, invoice, seller, document, version } = await creditNoteDocument(db, userId, id);
  const issued = { user_id: invoice.user_id, client_id: invoice.client_id, language: row.language };
  const [language, logo] = await Promise.all([
    documentLanguage(db, issued, query.language),
    documentLogo(db, userId, row.seller === null ? undefined : row.logo_sha256),
  ]);
  const model = creditNotePdfModel(creditNote, invoice.number, seller, language);
  return query.format === 'facturx'
    ? facturXPdf(model, logo, document, version, app.renderPdf)
    : inlinePdf({ model, facturX: null, logo }, documentFileName(creditNote.number, 'pdf'), app.renderPdf);
}

export default pdfRoute({
  operationId: 'getCreditNotePdf',
  summary: 'Download a credit note as a PDF (or a Factur-X / ZUGFeRD PDF/A-3b)',
  description:
    'A human-readable credit note: its number and the invoice it credits, seller, buyer, lines, tax per rate, ' +
    'totals ending with what was applied to the invoice’s balance and the refund due, and the reason. Written in ' +
    'the language frozen when the note was issued, or the one ?language= names.',
  tag: 'credit-notes',
  refusals: { not_found: 'No such credit note, or it is not yours' },
  pdf: creditNotePdf,
});
