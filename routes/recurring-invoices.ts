import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, NoContent, jsonResponse, ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import {
  CreateRecurringInvoiceBody,
  RecurringInvoice,
  RecurringInvoiceListQuery,
  RecurringInvoicePage,
  UpdateRecurringInvoiceBody,
} from '../schemas/recurring-invoices.js';
import {
  createRecurringInvoice,
  deleteRecurringInvoice,
  getRecurringInvoice,
  listRecurringInvoices,
  pauseRecurringInvoice,
  resumeRecurringInvoice,
  updateRecurringInvoice,
} from '../src/services/recurring-invoices.js';
import { representationEtag } from '../src/etag.js';
import { ConditionalHeaders, ifMatchHeaders, notModified, sendTagged, stale } from './etag-reply.js';
import { locationOf } from './location.js';

const tags = ['recurring-invoices'];
const notFound = { not_found: 'No such recurring invoice among yours' };
const unknownClient = { unprocessable: 'clientId is not one of your clients' };
/** A schedule as a write answers it: with its ETag, as GET would. */
const tagged = (schedule: RecurringInvoice) => ({ statusCode: 200, headers: { etag: representationEtag(schedule) }, body: schedule });

/** The signed-in user's recurring invoice schedules; the engine issues their invoices (plugins/recurring-invoices.ts). */
const recurringInvoiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.post(
    '/',
    {
      schema: {
        operationId: 'createRecurringInvoice',
        summary: 'Create a recurring invoice schedule',
        description:
          'Created active. Each period whose issue date has come gets one invoice (a startDate in the past issues the past ' +
          'periods too, in order), linked by recurringInvoiceId and published when autoPublish.',
        tags,
        body: ref(CreateRecurringInvoiceBody),
        response: {
          201: jsonResponse(ref(RecurringInvoice), 'The schedule created', ['Location', 'ETag']),
          ...problems(unknownClient),
        },
      },
    },
    async (request, reply) =>
      app.unitOfWork.send(
        request,
        reply,
        (trx) => createRecurringInvoice(trx, request.user.id, request.body),
        (schedule) => ({
          statusCode: 201,
          headers: { location: locationOf('recurring-invoices', schedule.id), etag: representationEtag(schedule) },
          body: schedule,
        }),
      ),
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'listRecurringInvoices',
        summary: 'List your recurring invoice schedules, newest first',
        tags,
        querystring: RecurringInvoiceListQuery,
        response: { 200: ref(RecurringInvoicePage) },
      },
    },
    async (request) => listRecurringInvoices(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getRecurringInvoice',
        summary: 'Get a recurring invoice schedule',
        tags,
        params: IdParams,
        headers: ConditionalHeaders,
        response: { 200: jsonResponse(ref(RecurringInvoice), 'The schedule', ['ETag']), 304: notModified, ...problems(notFound) },
      },
    },
    async (request, reply) => {
      const schedule = await getRecurringInvoice(app.db, request.user.id, request.params.id);
      return sendTagged(request, reply, representationEtag(schedule), schedule);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateRecurringInvoice',
        summary: 'Change a recurring invoice schedule (for the invoices not yet generated)',
        tags,
        params: IdParams,
        headers: ifMatchHeaders('GET /recurring-invoices/{id}'),
        body: ref(UpdateRecurringInvoiceBody),
        response: {
          200: jsonResponse(ref(RecurringInvoice), 'The schedule as it now is', ['ETag']),
          ...problems({ ...notFound, ...stale }),
        },
      },
    },
    async (request, reply) => {
      const schedule = await app.unitOfWork.run((trx) =>
        updateRecurringInvoice(trx, request.user.id, request.params.id, request.body, request.headers['if-match']),
      );
      return reply.header('etag', representationEtag(schedule)).send(schedule);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deleteRecurringInvoice',
        summary: 'Delete a recurring invoice schedule (the invoices it generated stay)',
        tags,
        params: IdParams,
        response: { 204: NoContent, ...problems(notFound) },
      },
    },
    async (request, reply) => {
      await app.unitOfWork.run((trx) => deleteRecurringInvoice(trx, request.user.id, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/pause',
    {
      schema: {
        operationId: 'pauseRecurringInvoice',
        summary: 'Pause an active schedule (periods that pass while paused are skipped)',
        tags,
        params: IdParams,
        response: {
          200: jsonResponse(ref(RecurringInvoice), 'The schedule, paused', ['ETag']),
          ...problems({ ...notFound, invalid_transition: 'Only an active schedule can be paused' }),
        },
      },
    },
    async (request, reply) =>
      app.unitOfWork.send(request, reply, (trx) => pauseRecurringInvoice(trx, request.user.id, request.params.id), tagged),
  );

  app.post(
    '/:id/resume',
    {
      schema: {
        operationId: 'resumeRecurringInvoice',
        summary: 'Resume a paused schedule from the next period on or after today',
        tags,
        params: IdParams,
        response: {
          200: jsonResponse(ref(RecurringInvoice), 'The schedule, active again', ['ETag']),
          ...problems({ ...notFound, invalid_transition: 'Only a paused schedule can be resumed' }),
        },
      },
    },
    async (request, reply) =>
      app.unitOfWork.send(request, reply, (trx) => resumeRecurringInvoice(trx, request.user.id, request.params.id), tagged),
  );
};

export default recurringInvoiceRoutes;
