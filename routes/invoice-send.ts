/**
 * `POST /invoices/:id/send`: published or sent → sent and, with an `email` body, the message to the
 * customer queued in the same transaction (one message per request, also when a retry carries the
 * same Idempotency-Key: the replay runs nothing). The attachments are rendered here, at request
 * time and inside that transaction, through the PDF worker pool and the UBL builder: the message
 * then carries the document exactly as it was sent, every retry of the delivery sends the same
 * bytes, and a document that cannot be built is refused (422, 503) before anything is queued.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, jsonResponse, ref } from '../schemas/common.js';
import { SendInvoiceBody } from '../schemas/emails.js';
import { Invoice } from '../schemas/invoices.js';
import { problems } from '../schemas/problems.js';
import { emailInvoice } from '../src/services/document-emails.js';
import { invoiceEInvoice } from '../src/services/invoice-documents.js';
import { sendInvoice } from '../src/services/invoice-lifecycle.js';
import { type InvoiceRecord, invoiceEtag } from '../src/services/invoice-records.js';
import { emailAttachments } from './email-attachments.js';
import { invoicePdf } from './invoice-pdf.js';

const invoiceSendRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.post(
    '/:id/send',
    {
      schema: {
        operationId: 'sendInvoice',
        summary: 'Send: published or sent → sent (sending again updates sentAt), optionally emailing the invoice',
        description:
          'Without a body (or without `email`) the invoice is only marked sent. With `email`, a message to the customer is ' +
          'queued in the same transaction and delivered by the background engine (see GET /emails): the amount due, the ' +
          'due date and the hosted link in the client’s language, your `message`, the PDF and optionally the EN 16931 UBL, ' +
          'rendered when the request is made. Returns the whole invoice with its ETag.',
        tags: ['invoices'],
        params: IdParams,
        body: ref(SendInvoiceBody),
        response: {
          200: jsonResponse(ref(Invoice), 'The whole invoice as it now is', ['ETag']),
          ...problems({
            not_found: 'No such invoice, or it is not yours',
            invalid_transition: 'The invoice status does not allow this action',
            profile_required: 'email: no business profile is set yet (a document names its seller)',
            unprocessable: 'email: no `to` and the client has no email (/email/to), or attachUbl and the UBL lacks data (each field in errors[])',
            email_not_configured: 'email: this server cannot send email (production without SMTP_URL); nothing was changed',
            service_unavailable: 'email: too many PDFs are being rendered; retry later',
          }),
        },
      },
    },
    async (request, reply) => {
      const userId = request.user.id;
      const { id } = request.params;
      const email = request.body?.email;
      return app.unitOfWork.send(
        request,
        reply,
        async (trx) => {
          const record = await sendInvoice(trx, userId, id);
          if (!email) return record;
          app.assertMailConfigured();
          await emailInvoice(trx, userId, record, email, (language) =>
            emailAttachments(
              email,
              () => invoiceEInvoice(trx, userId, id, 'ubl', 'en16931'),
              () => invoicePdf(app, userId, id, { language }, trx),
            ),
          );
          return record;
        },
        ({ row, invoice }: InvoiceRecord) => ({ statusCode: 200, headers: { etag: invoiceEtag(row) }, body: invoice }),
      );
    },
  );
};

export default invoiceSendRoutes;
