/**
 * The lifecycle half of /invoices: publish, pay, void, mark-uncollectible. A second
 * encapsulated plugin on the /invoices prefix; drafts live in routes/invoices.ts, send (with its
 * email) in routes/invoice-send.ts, payments in routes/payments.ts, credit notes in routes/credit-notes.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preValidationAsyncHookHandler } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, jsonResponse, ref } from '../schemas/common.js';
import { Invoice } from '../schemas/invoices.js';
import { PayInvoiceBody } from '../schemas/payments.js';
import { type ProblemReasons, problems } from '../schemas/problems.js';
import { AppError } from '../src/errors.js';
import { type InvoiceRecord, invoiceEtag } from '../src/services/invoice-records.js';
import {
  markInvoiceUncollectible,
  payInvoice,
  publishInvoice,
  voidInvoice,
} from '../src/services/invoice-lifecycle.js';
import { resolvePaidAt } from '../src/services/payments.js';
import { rotateInvoiceLink } from '../src/services/hosted-documents.js';

const notYours = { not_found: 'No such invoice, or it is not yours' };
const refused = { invalid_transition: 'The invoice status does not allow this action' };
const invoiceNow = () => jsonResponse(ref(Invoice), 'The whole invoice as it now is', ['ETag']);
const invoiceNowResponse = ({ row, invoice }: InvoiceRecord) => ({ statusCode: 200, headers: { etag: invoiceEtag(row) }, body: invoice });

interface BodilessTransition {
  action: 'publish' | 'void' | 'mark-uncollectible' | 'rotate-link';
  operationId: string;
  summary: string;
  run: (trx: Transaction<DB>, userId: string, id: string) => Promise<InvoiceRecord>;
  unprocessable?: ProblemReasons;
}

const bodilessTransitions: BodilessTransition[] = [
  {
    action: 'publish',
    operationId: 'publishInvoice',
    summary: 'Publish a draft: draft → published, numbered INV-000001, INV-000002… per user',
    run: publishInvoice,
    unprocessable: { unprocessable: 'The draft has no items' },
  },
  {
    action: 'void',
    operationId: 'voidInvoice',
    summary: 'Void: published, sent or uncollectible with nothing paid or credited → void',
    run: voidInvoice,
  },
  {
    action: 'rotate-link',
    operationId: 'rotateInvoiceLink',
    summary: 'Replace the hosted link (hostedUrl): the old link answers 404 from then on; a draft has none (409)',
    run: rotateInvoiceLink,
  },
  {
    action: 'mark-uncollectible',
    operationId: 'markInvoiceUncollectible',
    summary: 'Give up on collecting: published or sent → uncollectible (payments and credit notes still accepted)',
    run: markInvoiceUncollectible,
  },
];

/** Bodiless actions take no body, or `{}` (which many clients send); anything else is a 400. */
const refuseBody: preValidationAsyncHookHandler = async (request) => {
  const { body } = request;
  if (body === undefined) return;
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (isObject && Object.keys(body).length === 0) return;
  const errors = isObject
    ? Object.keys(body).map((property) => ({ path: `/${property}`, message: 'is not an allowed property' }))
    : [{ path: '/', message: 'must be empty or {}' }];
  throw new AppError('validation_failed', 'This action takes no body (or an empty JSON object)', errors);
};

const invoiceActionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  const { unitOfWork } = app;

  for (const { action, operationId, summary, run, unprocessable } of bodilessTransitions) {
    app.post(
      `/:id/${action}`,
      {
        preValidation: refuseBody,
        schema: {
          operationId,
          summary,
          description: 'Takes no body (an empty JSON object is accepted). Returns the whole invoice with its ETag.',
          tags: ['invoices'],
          params: IdParams,
          response: {
            200: invoiceNow(),
            ...problems({ ...notYours, ...refused, ...unprocessable }),
          },
        },
      },
      async (request, reply) => unitOfWork.send(request, reply, (trx) => run(trx, request.user.id, request.params.id), invoiceNowResponse),
    );
  }

  app.post(
    '/:id/pay',
    {
      schema: {
        operationId: 'payInvoice',
        summary: 'Pay in full: published, sent or uncollectible → paid, recording one payment of the whole amountDue',
        description:
          'An invoice with nothing due (a zero total) becomes paid without a payment. Send an Idempotency-Key to retry safely.',
        tags: ['invoices'],
        params: IdParams,
        body: ref(PayInvoiceBody),
        response: {
          200: invoiceNow(),
          ...problems({ ...notYours, ...refused }),
        },
      },
    },
    async (request, reply) => {
      const { paidAt, ...payment } = request.body;
      const input = { ...payment, paidAt: resolvePaidAt(paidAt) };
      return unitOfWork.send(request, reply, (trx) => payInvoice(trx, request.user.id, request.params.id, input), invoiceNowResponse);
    },
  );
};

export default invoiceActionRoutes;
