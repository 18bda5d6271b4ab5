import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams } from '../schemas/common.js';
import { responseHeaders } from '../schemas/headers.js';
import { problems } from '../schemas/problems.js';
import { invoiceDocument } from '../src/pdf/invoice-document.js';
import { RENDERER_VERSION } from '../src/pdf/render-pdf.js';
import { documentSeller } from '../src/services/invoice-documents.js';
import { findInvoice } from '../src/services/invoice-records.js';
import { ifNoneMatchHits } from '../src/services/preconditions.js';
import { documentFileName } from './invoice-documents.js';

const IfNoneMatchHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({ maxLength: 1000, description: 'ETag of a PDF you already have: 304 Not Modified when it is still current' }),
  ),
});

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
        headers: IfNoneMatchHeaders,
        response: {
          200: {
            description: 'The PDF',
            headers: responseHeaders('ETag', 'Content-Disposition', 'Cache-Control'),
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          304: {
            description: 'Not modified: the PDF named by If-None-Match is still current',
            headers: responseHeaders('ETag', 'Cache-Control'),
            type: 'null',
          },
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
      const model = invoiceDocument(invoice, seller);
      // The model holds everything the PDF shows; the renderer version covers how it is drawn.
      const etag = `"pdf.${createHash('sha256').update(RENDERER_VERSION).update(JSON.stringify(model)).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
      const pdf = await app.renderPdf(model);
      const fileName = invoice.number === null ? `draft-${invoice.id}.pdf` : documentFileName(invoice.number, 'pdf');
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .send(pdf);
    },
  );
};

export default invoicePdfRoutes;
