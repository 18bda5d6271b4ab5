/**
 * Documents of an invoice (a third plugin on the /invoices prefix): the UBL 2.1 e-invoice,
 * EN 16931 or Peppol BIS Billing 3.0. Conditional GET: ETag, If-None-Match → 304.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, StringEnum } from '../schemas/common.js';
import { responseHeaders } from '../schemas/headers.js';
import { problems } from '../schemas/problems.js';
import { ublProfiles } from '../src/domain/e-invoice/requirements.js';
import { invoiceUbl } from '../src/services/invoice-documents.js';
import { ifNoneMatchHits } from '../src/services/preconditions.js';

export const UblQuery = Type.Object({
  profile: Type.Optional(
    StringEnum(ublProfiles, {
      default: 'en16931',
      description: 'en16931: CustomizationID urn:cen.eu:en16931:2017; peppol: Peppol BIS Billing 3.0',
    }),
  ),
});

export const ConditionalHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ maxLength: 1024, description: 'ETag of a copy you hold: 304 when it is current' })),
});

/** A file name from the number: prefixes may hold `/`, which no file name can. */
export const documentFileName = (number: string, extension: string) => `${number.replaceAll('/', '-')}.${extension}`;

const invoiceDocumentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/:id/ubl',
    {
      schema: {
        operationId: 'getInvoiceUbl',
        summary: 'Download an issued invoice as a UBL 2.1 e-invoice (EN 16931 or Peppol BIS Billing 3.0)',
        description:
          'Amounts in major units with the currency’s decimals; one TaxSubtotal per tax category and rate (the invoice’s taxBreakdown); ' +
          'PaymentMeans 58 with the IBAN when the profile has a bank account. 422 lists in errors[] every field the official rules need.',
        tags: ['invoices'],
        params: IdParams,
        querystring: UblQuery,
        headers: ConditionalHeaders,
        response: {
          200: {
            description: 'The UBL Invoice',
            headers: responseHeaders('ETag', 'Content-Disposition', 'Cache-Control'),
            content: { 'application/xml': { schema: Type.String({ description: 'UBL 2.1 Invoice XML' }) } },
          },
          304: {
            description: 'Not modified: the If-None-Match ETag is current',
            type: 'null',
            headers: responseHeaders('ETag', 'Cache-Control'),
          },
          ...problems({
            not_found: 'No such invoice among yours',
            invalid_transition: 'The invoice is a draft: it has no number yet',
            profile_required: 'No business profile',
            unprocessable: 'Data the rules need is missing (each field in errors[])',
          }),
        },
      },
    },
    async (request, reply) => {
      const profile = request.query.profile ?? 'en16931';
      const file = await invoiceUbl(app.db, request.user.id, request.params.id, profile);
      reply.header('etag', file.etag).header('cache-control', 'private, no-cache');
      if (ifNoneMatchHits(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${documentFileName(file.number, 'xml')}"`)
        .send(file.xml);
    },
  );
};

export default invoiceDocumentRoutes;
