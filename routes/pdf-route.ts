/**
 * `GET /:id/pdf` of a document kind (invoices, credit notes): the document as a PDF, or as a
 * Factur-X PDF/A-3b, rendered in the worker pool. With the queue full it answers 503 before loading
 * anything, so a burst of refused requests does not load the database and the event loop.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams } from '../schemas/common.js';
import { PdfQuery } from '../schemas/documents.js';
import { type ProblemReasons, problems } from '../schemas/problems.js';
import { ConditionalHeaders, type DocumentFile, PdfResponses, facturXRefusals, sendDocument } from './document-reply.js';

export interface PdfRouteOptions {
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  /** The 404 and, for invoices, the 409 of a draft asked for as Factur-X */
  refusals: ProblemReasons;
  pdf: (app: FastifyInstance, userId: string, id: string, query: Static<typeof PdfQuery>) => Promise<DocumentFile>;
}

export function pdfRoute({ operationId, summary, description, tag, refusals, pdf }: PdfRouteOptions): FastifyPluginAsyncTypebox {
  return async (app) => {
    requireAuthentication(app);

    app.get(
      '/:id/pdf',
      {
        schema: {
          operationId,
          summary,
          description,
          tags: [tag],
          params: IdParams,
          querystring: PdfQuery,
          headers: ConditionalHeaders,
          response: {
            ...PdfResponses,
            ...problems({
              ...refusals,
              profile_required: 'No business profile is set yet; PUT /api/v1/business first',
              ...facturXRefusals,
            }),
          },
        },
      },
      async (request, reply) => {
        app.assertPdfCapacity();
        return sendDocument(request, reply, await pdf(app, request.user.id, request.params.id, request.query));
      },
    );
  };
}
