/**
 * Payments: recording and listing them on an invoice (`/invoices/:id/payments`, a plugin on the
 * /invoices prefix) and reading the user's payments across invoices (`/payments`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { locationOf } from './location.js';
import { IdParams, jsonResponse, ref } from '../schemas/common.js';
import {
  CreatePaymentBody,
  InvoicePaymentListQuery,
  Payment,
  PaymentListQuery,
  PaymentPage,
} from '../schemas/payments.js';
import { problems } from '../schemas/problems.js';
import {
  getPayment,
  listInvoicePayments,
  listPayments,
  recordPayment,
  resolvePaidAt,
  toPayment,
} from '../src/services/payments.js';

const invoiceNotYours = { not_found: 'No such invoice, or it is not yours' };

/** `/invoices/:id/payments`: record a payment on one of the user's invoices, list its payments. */
export const invoicePaymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  const { unitOfWork } = app;

  app.post(
    '/:id/payments',
    {
      schema: {
        operationId: 'createInvoicePayment',
        summary: 'Record a payment on a published, sent or uncollectible invoice; reaching amountDue 0 makes it paid',
        description: 'Send an Idempotency-Key to retry safely. The Location header names the new payment.',
        tags: ['payments'],
        params: IdParams,
        body: ref(CreatePaymentBody),
        response: {
          201: jsonResponse(ref(Payment), 'The payment recorded', ['Location']),
          ...problems({
            ...invoiceNotYours,
            invalid_transition: 'The invoice status does not allow this action',
            overpayment: 'amount exceeds amountDue',
          }),
        },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, paidAt: resolvePaidAt(request.body.paidAt) };
      return unitOfWork.send(
        request,
        reply,
        (trx) => recordPayment(trx, request.user.id, request.params.id, input),
        ({ payment }) => ({ statusCode: 201, headers: { location: locationOf('payments', payment.id) }, body: toPayment(payment) }),
      );
    },
  );

  app.get(
    '/:id/payments',
    {
      schema: {
        operationId: 'listInvoicePayments',
        summary: 'List the payments of one of your invoices, newest first',
        tags: ['payments'],
        params: IdParams,
        querystring: InvoicePaymentListQuery,
        response: { 200: ref(PaymentPage), ...problems(invoiceNotYours) },
      },
    },
    (request) => listInvoicePayments(app.db, request.user.id, request.params.id, request.query),
  );
};

/** `/payments`: the signed-in user's payments across all invoices. */
const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/',
    {
      schema: {
        operationId: 'listPayments',
        summary: 'List your payments, newest first, optionally of one invoice',
        tags: ['payments'],
        querystring: PaymentListQuery,
        response: { 200: ref(PaymentPage) },
      },
    },
    (request) => listPayments(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getPayment',
        summary: 'Get one of your payments',
        tags: ['payments'],
        params: IdParams,
        response: { 200: ref(Payment), ...problems({ not_found: 'No such payment, or it is not yours' }) },
      },
    },
    (request) => getPayment(app.db, request.user.id, request.params.id),
  );
};

export default paymentRoutes;
