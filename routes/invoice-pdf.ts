import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { invoicePdfModel } from '../src/pdf/invoice-document.js';
import { documentSeller } from '../src/services/invoice-documents.js';
import { findInvoice } from '../src/services/invoice-records.js';
import { ConditionalHeaders, PdfResponses, documentFileName, inlinePdf, sendDocument } from './document-reply.js';

/**
 * `GET /invoices/:id/pdf`: the invoice as a PDF, rendered in the worker pool. With the queue full
 * it answers 503 before loading anything, so a burst of refused requests does not load the
 * database and the event loop.
 */
const invoicePdfRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/:id/pdf',
    {
      schema: {
        operationId: 'getInvoicePdf',
        summary: 'Download the invoice as a PDF',
        description:
          'A human-readable invoice: seller, buyer, lines, tax per rate, totals, payment details and notes. ' +
          'A draft is marked DRAFT and has no number; a void invoice is marked VOID.',
        tags: ['invoices'],
        params: IdParams,
        headers: ConditionalHeaders,
        response: {
          ...PdfResponses,
          ...problems({
            not_found: 'No such invoice among yours',
            profile_required: 'No business profile is set yet; PUT /api/v1/business first',
            service_unavailable: 'Too many PDFs are being rendered, or the database is unreachable; retry later',
          }),
        },
      },
    },
    async (request, reply) => {
      app.assertPdfCapacity();
      const { row, invoice } = await findInvoice(app.db, request.user.id, request.params.id);
      const { seller } = await documentSeller(app.db, row, invoice);
      const fileName = invoice.number === null ? `draft-${invoice.id}.pdf` : documentFileName(invoice.number, 'pdf');
      return sendDocument(request, reply, inlinePdf(invoicePdfModel(invoice, seller), fileName, app.renderPdf));
    },
  );
};

export default invoicePdfRoutes;
