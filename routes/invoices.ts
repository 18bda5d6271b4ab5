import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, NoContent, jsonResponse, ref } from '../schemas/common.js';
import {
  CreateInvoiceBody,
  IfMatchHeaders,
  Invoice,
  InvoiceListQuery,
  InvoicePage,
  UpdateInvoiceBody,
} from '../schemas/invoices.js';
import { problems } from '../schemas/problems.js';
import { findShownInvoice, invoiceEtag } from '../src/services/invoice-records.js';
import { createInvoice, deleteInvoice, listInvoices, updateInvoice } from '../src/services/invoices.js';
import { ConditionalHeaders, notModified, sendTagged } from './etag-reply.js';
import { locationOf } from './location.js';

const tags = ['invoices'];
const notFound = { not_found: 'No such invoice among yours' };
const notADraft = { invalid_transition: 'The invoice is not a draft' };
const notADraftEdit = { invalid_transition: 'The invoice is not a draft, and the body carries more than metadata' };
const unknownClient = { unprocessable: 'clientId is not one of your clients' };

/** Draft invoices: create, list, read, edit, delete. The lifecycle actions live in their own plugin. */
const invoiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.post(
    '/',
    {
      schema: {
        operationId: 'createInvoice',
        summary: 'Create a draft invoice',
        tags,
        body: ref(CreateInvoiceBody),
        response: {
          201: jsonResponse(ref(Invoice), 'The draft, with the totals the server computed', ['Location', 'ETag']),
          ...problems(unknownClient),
        },
      },
    },
    async (request, reply) =>
      app.unitOfWork.send(
        request,
        reply,
        (trx) => createInvoice(trx, request.user.id, request.body),
        ({ row, invoice }) => ({
          statusCode: 201,
          headers: { location: locationOf('invoices', row.id), etag: invoiceEtag(row) },
          body: invoice,
        }),
      ),
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'listInvoices',
        summary: 'List your invoices (without items), newest first',
        tags,
        querystring: InvoiceListQuery,
        response: { 200: ref(InvoicePage) },
      },
    },
    async (request) => listInvoices(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getInvoice',
        summary: 'Get an invoice with its items',
        tags,
        params: IdParams,
        headers: ConditionalHeaders,
        response: {
          200: jsonResponse(ref(Invoice), 'The invoice', ['ETag']),
          304: notModified,
          ...problems(notFound),
        },
      },
    },
    async (request, reply) => {
      const { row, invoice } = await findShownInvoice(app.db, request.user.id, request.params.id);
      return sendTagged(request, reply, invoiceEtag(row), invoice);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateInvoice',
        summary: 'Edit a draft invoice, or the metadata of an invoice in any status',
        tags,
        params: IdParams,
        headers: IfMatchHeaders,
        body: ref(UpdateInvoiceBody),
        response: {
          200: jsonResponse(ref(Invoice), 'The draft as it now is', ['ETag']),
          ...problems({
            ...notFound,
            ...notADraftEdit,
            precondition_failed: 'If-Match does not match the current ETag',
            ...unknownClient,
          }),
        },
      },
    },
    async (request, reply) => {
      const { row, invoice } = await app.unitOfWork.run((trx) =>
        updateInvoice(trx, request.user.id, request.params.id, request.body, request.headers['if-match']),
      );
      return reply.header('etag', invoiceEtag(row)).send(invoice);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deleteInvoice',
        summary: 'Delete a draft invoice',
        tags,
        params: IdParams,
        response: { 204: NoContent, ...problems({ ...notFound, ...notADraft }) },
      },
    },
    async (request, reply) => {
      await app.unitOfWork.run((trx) => deleteInvoice(trx, request.user.id, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

export default invoiceRoutes;
