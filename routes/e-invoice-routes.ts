/**
 * The e-invoice downloads of a document kind (invoices, credit notes): `GET /:id/ubl` (UBL 2.1,
 * EN 16931, Peppol BIS Billing 3.0 or XRechnung 3.0) and `GET /:id/cii` (UN/CEFACT CII D16B,
 * EN 16931 or XRechnung 3.0). Conditional GET: ETag, If-None-Match → 304.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams } from '../schemas/common.js';
import { CiiQuery, UblQuery } from '../schemas/documents.js';
import { type ProblemReasons, problems } from '../schemas/problems.js';
import type { EInvoiceProfile } from '../src/domain/e-invoice/profiles.js';
import type { EInvoiceFile, EInvoiceSyntax } from '../src/services/e-invoice-files.js';
import { ConditionalHeaders, documentResponses, sendDocument, xmlDownload } from './document-reply.js';

export interface EInvoiceRoutesOptions {
  /** "Invoice" or "CreditNote": operation ids getInvoiceUbl, getCreditNoteCii… */
  operationNoun: 'Invoice' | 'CreditNote';
  /** "an issued invoice", "a credit note": for summaries */
  what: string;
  tag: string;
  /** The 404 and, for invoices, the 409 of a draft */
  refusals: ProblemReasons;
  load: (db: FastifyInstance['db'], userId: string, id: string, syntax: EInvoiceSyntax, profile: EInvoiceProfile) => Promise<EInvoiceFile>;
}

const common =
  'Amounts in major units with the currency’s decimals; one tax breakdown per tax category and rate (the taxBreakdown); ' +
  'payment means 58 (SEPA credit transfer) with the IBAN when the seller has a bank account. A credit note is type 381 ' +
  'and names the invoice it corrects. 422 lists in errors[] every field the official rules of the profile need.';

export function eInvoiceRoutes({ operationNoun, what, tag, refusals, load }: EInvoiceRoutesOptions): FastifyPluginAsyncTypebox {
  const responses = (description: string) => ({
    ...documentResponses(description, 'application/xml', Type.String({ description })),
    ...problems({
      ...refusals,
      profile_required: 'No business profile',
      unprocessable: 'Data the rules need is missing (each field in errors[]), or the currency has more than two decimals',
    }),
  });

  return async (app) => {
    requireAuthentication(app);

    app.get(
      '/:id/ubl',
      {
        schema: {
          operationId: `get${operationNoun}Ubl`,
          summary: `Download ${what} as a UBL 2.1 e-invoice (EN 16931, Peppol BIS Billing 3.0 or XRechnung 3.0)`,
          description: common,
          tags: [tag],
          params: IdParams,
          querystring: UblQuery,
          headers: ConditionalHeaders,
          response: responses(`UBL 2.1 ${operationNoun} XML`),
        },
      },
      async (request, reply) => {
        const file = await load(app.db, request.user.id, request.params.id, 'ubl', request.query.profile ?? 'en16931');
        return sendDocument(request, reply, xmlDownload(file));
      },
    );

    app.get(
      '/:id/cii',
      {
        schema: {
          operationId: `get${operationNoun}Cii`,
          summary: `Download ${what} as a UN/CEFACT Cross Industry Invoice (CII D16B; EN 16931 or XRechnung 3.0)`,
          description: `${common} The same document as the UBL, in the CII syntax (the XML a Factur-X PDF embeds).`,
          tags: [tag],
          params: IdParams,
          querystring: CiiQuery,
          headers: ConditionalHeaders,
          response: responses('UN/CEFACT CII CrossIndustryInvoice XML'),
        },
      },
      async (request, reply) => {
        const file = await load(app.db, request.user.id, request.params.id, 'cii', request.query.profile ?? 'en16931');
        return sendDocument(request, reply, xmlDownload(file));
      },
    );
  };
}
