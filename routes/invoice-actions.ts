/**
 * The money-moving half of /invoices: lifecycle actions (publish, send, pay, void) and payments.
 * A second encapsulated plugin on the /invoices prefix; drafts live in routes/invoices.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { requireAuthentication } from '../plugins/auth.js';
import type { InvoiceEvent } from '../plugins/metrics.js';
import { IdParams, PageQuery, jsonResponse, problemResponse, ref } from '../schemas/common.js';
import { Invoice } from '../schemas/invoices.js';
import { CreatePaymentBody, IdempotencyHeaders, PayInvoiceBody, Payment, PaymentPage } from '../schemas/payments.js';
import { AppError } from '../src/errors.js';
import {
  type IdempotencyClaim,
  type RecordedResponse,
  executeIdempotently,
  hashRequest,
  scheduleIdempotencyKeyPruning,
} from '../src/services/idempotency.js';
import { invoiceEtag } from '../src/services/invoice-records.js';
import {
  type InvoiceTransition,
  payInvoice,
  publishInvoice,
  sendInvoice,
  voidInvoice,
} from '../src/services/invoice-lifecycle.js';
import { listInvoicePayments, recordPayment, resolvePaidAt, toPayment } from '../src/services/payments.js';
import { paymentLocation } from './payments.js';

const PRUNE_INTERVAL_MS = 15 * 60_000;

const notYours = problemResponse('No such invoice, or it is not yours');
const refused = problemResponse('invalid_transition: the invoice status does not allow this action');
const keyReused = 'idempotency_key_reused: this Idempotency-Key was used with a different request';
const replayedHeader = {
  type: 'string',
  description: '"true" when this is the stored response to an earlier request with the same Idempotency-Key',
} as const;
const invoiceNow = (extraHeaders = {}) =>
  jsonResponse(ref(Invoice), 'The whole invoice as it now is', {
    ETag: { type: 'string', description: 'Version of this invoice; send it back as If-Match' },
    ...extraHeaders,
  });

interface BodilessTransition {
  action: 'publish' | 'send' | 'void';
  event: InvoiceEvent;
  operationId: string;
  summary: string;
  run: (trx: Transaction<DB>, userId: string, id: string) => Promise<InvoiceTransition>;
  unprocessable?: string;
}

const bodilessTransitions: BodilessTransition[] = [
  {
    action: 'publish',
    event: 'published',
    operationId: 'publishInvoice',
    summary: 'Publish a draft: draft → published, numbered INV-000001, INV-000002… per user',
    run: publishInvoice,
    unprocessable: 'unprocessable: the draft has no items',
  },
  {
    action: 'send',
    event: 'sent',
    operationId: 'sendInvoice',
    summary: 'Mark as sent: published or sent → sent (sending again updates sentAt)',
    run: sendInvoice,
  },
  {
    action: 'void',
    event: 'voided',
    operationId: 'voidInvoice',
    summary: 'Void: published or sent with nothing paid → void',
    run: voidInvoice,
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

function idempotencyClaim(request: FastifyRequest, ttlSeconds: number): IdempotencyClaim | null {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') return null;
  const requestHash = hashRequest({
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    params: request.params,
    body: request.body,
  });
  return { userId: request.user.id, key, requestHash, ttlSeconds };
}

function sendRecorded(reply: FastifyReply, { statusCode, headers, body }: RecordedResponse, replayed: boolean) {
  reply.code(statusCode).headers(headers);
  if (replayed) reply.header('idempotent-replayed', 'true');
  return reply.send(body);
}

const invoiceActionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  const { db, businessMetrics: metrics } = app;

  const stopPruning = scheduleIdempotencyKeyPruning(db, PRUNE_INTERVAL_MS, (error) =>
    app.log.warn({ err: error }, 'pruning expired idempotency keys failed'),
  );
  app.addHook('onClose', async () => stopPruning());

  for (const { action, event, operationId, summary, run, unprocessable } of bodilessTransitions) {
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
            404: notYours,
            409: refused,
            ...(unprocessable ? { 422: problemResponse(unprocessable) } : {}),
          },
        },
      },
      async (request, reply) => {
        const { row, invoice } = await db.transaction().execute((trx) => run(trx, request.user.id, request.params.id));
        metrics.invoiceEvent(event);
        return reply.header('etag', invoiceEtag(row)).send(invoice);
      },
    );
  }

  app.post(
    '/:id/pay',
    {
      schema: {
        operationId: 'payInvoice',
        summary: 'Pay in full: published or sent → paid, recording one payment of the whole amountDue',
        description:
          'An invoice with nothing due (a zero total) becomes paid without a payment. Send an Idempotency-Key to retry safely.',
        tags: ['invoices'],
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ref(PayInvoiceBody),
        response: {
          200: invoiceNow({ 'Idempotent-Replayed': replayedHeader }),
          404: notYours,
          409: refused,
          422: problemResponse(keyReused),
        },
      },
    },
    async (request, reply) => {
      const { paidAt, ...payment } = request.body;
      const input = { ...payment, paidAt: resolvePaidAt(paidAt) };
      const claim = idempotencyClaim(request, app.config.IDEMPOTENCY_TTL);
      const { response, replayed } = await executeIdempotently(db, claim, async (trx) => {
        const { row, invoice, payment: recorded } = await payInvoice(trx, request.user.id, request.params.id, input);
        return {
          response: { statusCode: 200, headers: { etag: invoiceEtag(row) }, body: invoice },
          afterCommit: () => {
            if (recorded) metrics.paymentRecorded(row.currency, recorded.amount);
            metrics.invoiceEvent('paid');
          },
        };
      });
      return sendRecorded(reply, response, replayed);
    },
  );

  app.post(
    '/:id/payments',
    {
      schema: {
        operationId: 'createInvoicePayment',
        summary: 'Record a payment on a published or sent invoice; reaching the total makes it paid',
        description: 'Send an Idempotency-Key to retry safely. The Location header names the new payment.',
        tags: ['payments'],
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ref(CreatePaymentBody),
        response: {
          201: jsonResponse(ref(Payment), 'The payment recorded', {
            Location: { type: 'string', description: 'URL of the new payment' },
            'Idempotent-Replayed': replayedHeader,
          }),
          404: notYours,
          409: refused,
          422: problemResponse(`overpayment: amount exceeds amountDue; or ${keyReused}`),
        },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, paidAt: resolvePaidAt(request.body.paidAt) };
      const claim = idempotencyClaim(request, app.config.IDEMPOTENCY_TTL);
      const { response, replayed } = await executeIdempotently(db, claim, async (trx) => {
        const { invoice, payment } = await recordPayment(trx, request.user.id, request.params.id, input);
        return {
          response: { statusCode: 201, headers: { location: paymentLocation(payment.id) }, body: toPayment(payment) },
          afterCommit: () => {
            metrics.paymentRecorded(invoice.currency, payment.amount);
            if (invoice.status === 'paid') metrics.invoiceEvent('paid');
          },
        };
      });
      return sendRecorded(reply, response, replayed);
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
        querystring: PageQuery,
        response: { 200: ref(PaymentPage), 404: notYours },
      },
    },
    (request) => listInvoicePayments(db, request.user.id, request.params.id, request.query),
  );
};

export default invoiceActionRoutes;
