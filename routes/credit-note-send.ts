/**
 * `POST /credit-notes/:id/send`: emails the credit note to the customer (the `email` body is
 * required: a credit note has no "sent" state to mark). Like an invoice's message, it is queued
 * in the request's transaction (one per request, also on an Idempotency-Key replay) with its
 * attachments rendered then: CN-000001.pdf, and CN-000001.xml (the EN 16931 UBL CreditNote)
 * with attachUbl. Answers 200 with the credit note.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, jsonResponse, ref } from '../schemas/common.js';
import { CreditNote } from '../schemas/credit-notes.js';
import { SendCreditNoteBody } from '../schemas/emails.js';
import { problems } from '../schemas/problems.js';
import { creditNoteEInvoice } from '../src/services/credit-note-documents.js';
import { findCreditNote } from '../src/services/credit-notes.js';
import { emailCreditNote } from '../src/services/document-emails.js';
import { creditNotePdf } from './credit-note-pdf.js';
import { emailAttachments } from './email-attachments.js';

const creditNoteSendRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.post(
    '/:id/send',
    {
      schema: {
        operationId: 'sendCreditNote',
        summary: 'Email a credit note to the customer',
        description:
          'Queues a message (see GET /emails) in the client’s language with the credited amount, the hosted link, your ' +
          '`message`, the PDF (CN-000001.pdf) and, with attachUbl, the EN 16931 UBL (CN-000001.xml), rendered when the ' +
          'request is made. Returns the credit note.',
        tags: ['credit-notes'],
        params: IdParams,
        body: ref(SendCreditNoteBody),
        response: {
          200: jsonResponse(ref(CreditNote), 'The credit note', []),
          ...problems({
            not_found: 'No such credit note, or it is not yours',
            profile_required: 'No business profile is set yet (a document names its seller)',
            unprocessable: 'No `to` and the client has no email (/email/to), or attachUbl and the UBL lacks data (each field in errors[])',
            email_not_configured: 'This server cannot send email (production without SMTP_URL); nothing was queued',
            service_unavailable: 'Too many PDFs are being rendered; retry later',
          }),
        },
      },
    },
    async (request, reply) => {
      const userId = request.user.id;
      const { id } = request.params;
      const { email } = request.body;
      return app.unitOfWork.send(
        request,
        reply,
        async (trx) => {
          const { creditNote } = await findCreditNote(trx, userId, id);
          app.assertMailConfigured();
          await emailCreditNote(trx, userId, id, email, (language) =>
            emailAttachments(
              email,
              () => creditNoteEInvoice(trx, userId, id, 'ubl', 'en16931'),
              () => creditNotePdf(app, userId, id, { language }, trx),
            ),
          );
          return creditNote;
        },
        (creditNote) => ({ statusCode: 200, headers: {}, body: creditNote }),
      );
    },
  );
};

export default creditNoteSendRoutes;
