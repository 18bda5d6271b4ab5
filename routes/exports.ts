/** The CSV exports of the user's invoices, payments, credit notes and clients, streamed in keyset batches. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { type ExportKind, ExportQuery, csvResponse, exportColumns } from '../schemas/exports.js';
import { problems } from '../schemas/problems.js';
import { openExport } from '../src/services/exports.js';
import { sendCsvStream } from './csv-reply.js';

const exportsOffered: { kind: ExportKind; operationId: string; summary: string; by: string; order: string }[] = [
  {
    kind: 'invoices',
    operationId: 'exportInvoicesCsv',
    summary: 'Your invoices as CSV, drafts included',
    by: 'issueDate',
    order: 'by issueDate, then id. Drafts have an empty number; clientName is the buyer frozen at publish (a draft’s: the client now)',
  },
  {
    kind: 'payments',
    operationId: 'exportPaymentsCsv',
    summary: 'Your payments as CSV',
    by: 'paidAt (its UTC date)',
    order: 'by paidAt, then id; currency and invoiceNumber are the invoice’s',
  },
  {
    kind: 'credit-notes',
    operationId: 'exportCreditNotesCsv',
    summary: 'Your credit notes as CSV',
    by: 'issueDate',
    order: 'by issueDate, then id; invoiceNumber is the credited invoice’s',
  },
  {
    kind: 'clients',
    operationId: 'exportClientsCsv',
    summary: 'Your clients as CSV',
    by: 'createdAt (its UTC date)',
    order: 'by createdAt, then id; country is the address’s',
  },
];

const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  for (const { kind, operationId, summary, by, order } of exportsOffered) {
    const fileName = `${kind}.csv`;
    app.get(
      `/${fileName}`,
      {
        schema: {
          operationId,
          summary,
          description:
            `One row per record, ${order}. Streamed: the file starts at once and memory stays bounded whatever its size. ` +
            'Rows are read in batches, each on its own, so a record changed during a long download appears as it was or ' +
            'as it is. An error after the file has started aborts the response (the client sees an incomplete transfer).',
          tags: ['exports'],
          querystring: ExportQuery(by),
          response: {
            200: csvResponse(`The CSV file (${fileName})`, exportColumns[kind]),
            ...problems({ validation_failed: 'A date is malformed or before 0001-01-01, or from is after to' }),
          },
        },
      },
      async (request, reply) => {
        const { columns, batches } = await openExport(app.db, request.user.id, kind, request.query);
        return sendCsvStream(reply, fileName, columns, batches);
      },
    );
  }
};

export default exportRoutes;
