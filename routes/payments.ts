import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, problemResponse, ref } from '../schemas/common.js';
import { Payment, PaymentListQuery, PaymentPage } from '../schemas/payments.js';
import { getPayment, listPayments } from '../src/services/payments.js';

/** Where a payment can be read back: the Location of a newly recorded one. */
export const paymentLocation = (id: string) => `/api/v1/payments/${id}`;

/** The signed-in user's payments across all invoices. */
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
        response: { 200: ref(Payment), 404: problemResponse('No such payment, or it is not yours') },
      },
    },
    (request) => getPayment(app.db, request.user.id, request.params.id),
  );
};

export default paymentRoutes;
