/**
 * Credit notes: issuing one for an invoice (`/invoices/:id/credit-notes`, a plugin on the
 * /invoices prefix) and reading the user's notes (`/credit-notes`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, jsonResponse, ref } from '../schemas/common.js';
import { CreateCreditNoteBody, CreditNote, CreditNoteListQuery, CreditNotePage } from '../schemas/credit-notes.js';
import { problems } from '../schemas/problems.js';
import { createCreditNote, findCreditNote, listCreditNotes } from '../src/services/credit-notes.js';

/** Where a credit note can be read back: the Location of a new one. */
export const creditNoteLocation = (id: string) => `/api/v1/credit-notes/${id}`;

const tags = ['credit-notes'];

/** `/invoices/:id/credit-notes`: correct one of the user's issued invoices. */
export const invoiceCreditNoteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  const { unitOfWork } = app;

  app.post(
    '/:id/credit-notes',
    {
      schema: {
        operationId: 'createCreditNote',
        summary: 'Issue a credit note for a published, sent, paid or uncollectible invoice',
        description:
          'Numbered in your own CN- series. Without items it credits every line of the invoice in full. ' +
          'It reduces amountDue by appliedToBalance = min(total, amountDue) (reaching 0 makes the invoice paid); ' +
          'the rest is refundDue. Send an Idempotency-Key to retry safely. The Location header names the new note.',
        tags,
        params: IdParams,
        body: ref(CreateCreditNoteBody),
        response: {
          201: jsonResponse(ref(CreditNote), 'The credit note issued', ['Location']),
          ...problems({
            not_found: 'No such invoice, or it is not yours',
            invalid_transition: 'A draft or void invoice cannot be credited',
            unprocessable: 'The total is 0 or exceeds the invoice’s total − amountCredited, or issueDate is before the invoice’s',
          }),
        },
      },
    },
    async (request, reply) => {
      return unitOfWork.send(
        request,
        reply,
        (trx) => createCreditNote(trx, request.user.id, request.params.id, request.body),
        ({ creditNote }) => ({ statusCode: 201, headers: { location: creditNoteLocation(creditNote.id) }, body: creditNote }),
      );
    },
  );
};

/** `/credit-notes`: the signed-in user's credit notes. */
const creditNoteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/',
    {
      schema: {
        operationId: 'listCreditNotes',
        summary: 'List your credit notes (without items), newest first, optionally of one invoice',
        tags,
        querystring: CreditNoteListQuery,
        response: { 200: ref(CreditNotePage) },
      },
    },
    (request) => listCreditNotes(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getCreditNote',
        summary: 'Get one of your credit notes with its lines',
        tags,
        params: IdParams,
        response: { 200: ref(CreditNote), ...problems({ not_found: 'No such credit note, or it is not yours' }) },
      },
    },
    async (request) => (await findCreditNote(app.db, request.user.id, request.params.id)).creditNote,
  );
};

export default creditNoteRoutes;
