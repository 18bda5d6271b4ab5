/**
 * Documents of an invoice (a third plugin on the /invoices prefix): the UBL 2.1 e-invoice,
 * EN 16931 or Peppol BIS Billing 3.0. Conditional GET: ETag, If-None-Match → 304.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, StringEnum } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { ublProfiles } from '../src/domain/e-invoice/requirements.js';
import { invoiceUbl } from '../src/services/invoice-documents.js';
import { ConditionalHeaders, documentResponses, sendDocument, ublDownload } from './document-reply.js';

export const UblQuery = Type.Object({
  profile: Type.Optional(
    StringEnum(ublProfiles, {
      default: 'en16931',
      description: 'en16931: CustomizationID urn:cen.eu:en16931:2017; peppol: Peppol BIS Billing 3.0',
    }),
  ),
});

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
          ...documentResponses('The UBL Invoice', 'application/xml', Type.String({ description: 'UBL 2.1 Invoice XML' })),
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
      return sendDocument(request, reply, ublDownload(file));
    },
  );
};

export default invoiceDocumentRoutes;
