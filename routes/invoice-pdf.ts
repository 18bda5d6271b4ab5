import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams } from '../schemas/common.js';
import { PdfQuery } from '../schemas/documents.js';
import { problems } from '../schemas/problems.js';
import { invoicePdfModel } from '../src/pdf/invoice-document.js';
import { documentLogo } from '../src/services/business-logo.js';
import { documentLanguage } from '../src/services/document-language.js';
import { documentSeller, issuedInvoiceDocument } from '../src/services/invoice-documents.js';
import { findInvoice } from '../src/services/invoice-records.js';
import { ConditionalHeaders, PdfResponses, documentFileName, facturXPdf, facturXRefusals, inlinePdf, sendDocument } from './document-reply.js';

/**
 * `GET /invoices/:id/pdf`: the invoice as a PDF, or as a Factur-X PDF/A-3b, rendered in the worker
 * pool. With the queue full it answers 503 before loading anything, so a burst of refused requests
 * does not load the database and the event loop.
 */
const invoicePdfRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/:id/pdf',
    {
      schema: {
        operationId: 'getInvoicePdf',
        summary: 'Download the invoice as a PDF (or a Factur-X / ZUGFeRD PDF/A-3b)',
        description:
          'A human-readable invoice: seller, buyer, lines, tax per rate, totals, payment details and notes. ' +
          'A draft is marked DRAFT and has no number; a void invoice is marked VOID. Written in the language frozen ' +
          'when it was published (a draft: its client’s, else the profile’s defaultLanguage), or the one ?language= names.',
        tags: ['invoices'],
        params: IdParams,
        querystring: PdfQuery,
        headers: ConditionalHeaders,
        response: {
          ...PdfResponses,
          ...problems({
            not_found: 'No such invoice among yours',
            invalid_transition: 'format=facturx of a draft: it has no number and no e-invoice yet',
            profile_required: 'No business profile is set yet; PUT /api/v1/business first',
            ...facturXRefusals,
          }),
        },
      },
    },
    async (request, reply) => {
      app.assertPdfCapacity();
      const { user, params, query } = request;
      if (query.format === 'facturx') {
        const { row, invoice, seller, document, version } = await issuedInvoiceDocument(app.db, user.id, params.id);
        const [language, logo] = await Promise.all([documentLanguage(app.db, row, query.language), documentLogo(app.db, user.id, row.logo_sha256)]);
        const pdf = facturXPdf(invoicePdfModel(invoice, seller, language), logo, document, version, app.renderPdf);
        return sendDocument(request, reply, pdf);
      }
      const { row, invoice } = await findInvoice(app.db, user.id, params.id);
      // A draft, or an invoice published before any profile existed, borrows the profile's seller and logo.
      const frozenLogo = row.status === 'draft' || row.seller === null ? undefined : row.logo_sha256;
      const [{ seller }, language, logo] = await Promise.all([
        documentSeller(app.db, row, invoice),
        documentLanguage(app.db, row, query.language),
        documentLogo(app.db, user.id, frozenLogo),
      ]);
      const fileName = invoice.number === null ? `draft-${invoice.id}.pdf` : documentFileName(invoice.number, 'pdf');
      const model = invoicePdfModel(invoice, seller, language);
      return sendDocument(request, reply, inlinePdf({ model, facturX: null, logo }, fileName, app.renderPdf));
    },
  );
};

export default invoicePdfRoutes;
