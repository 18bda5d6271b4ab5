/**
 * The receivables reports, as JSON or, when Accept prefers text/csv, as a CSV file. Each is computed
 * by the database in one statement over the user's own rows.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAuthentication } from '../plugins/auth.js';
import { ref } from '../schemas/common.js';
import { CSV_FORMAT } from '../schemas/exports.js';
import { responseHeaders } from '../schemas/headers.js';
import { problems } from '../schemas/problems.js';
import {
  AgingQuery,
  AgingReport,
  type ReportKind,
  RevenueQuery,
  RevenueReport,
  TaxQuery,
  TaxReport,
  reportCsvColumns,
} from '../schemas/reports.js';
import { agingReport } from '../src/services/aging-report.js';
import { type CsvTable, agingCsv, revenueCsv, taxCsv } from '../src/services/report-csv.js';
import { revenueReport } from '../src/services/revenue-report.js';
import { taxReport } from '../src/services/tax-report.js';
import { prefersCsv, sendCsvTable } from './csv-reply.js';

const tags = ['reports'];
const badRange = {
  validation_failed: 'A date is malformed or before 0001-01-01, from is after to, the range covers 10 years or more, or groupBy is unknown',
};

/** The 200 of a report: its JSON, or its CSV (one row per innermost entry). */
const reportResponse = (schema: TSchema, kind: ReportKind, description: string) => ({
  200: {
    description: `${description}: JSON, or CSV when Accept prefers text/csv to application/json`,
    headers: responseHeaders('Vary', 'Content-Disposition'),
    content: {
      'application/json': { schema },
      'text/csv': {
        schema: {
          type: 'string',
          description:
            `One row per innermost entry, columns ${reportCsvColumns[kind].join(', ')}; sent as an attachment ` +
            `(Content-Disposition, only on CSV). ${CSV_FORMAT}`,
        },
      },
    },
  },
  ...problems(badRange),
});

/** The report as the request asks for it: JSON, or the CSV file `fileName`. */
function answer<T>(request: FastifyRequest, reply: FastifyReply, report: T, toCsv: (report: T) => CsvTable, fileName: string) {
  reply.header('vary', 'Accept');
  if (!prefersCsv(request.headers)) return reply.send(report);
  const { columns, rows } = toCsv(report);
  return sendCsvTable(reply, fileName, columns, rows);
}

const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/aging',
    {
      schema: {
        operationId: 'getAgingReport',
        summary: 'Who owes you what, and how late, per currency and client',
        description:
          'Buckets by days past dueDate at asOf: current (not yet late), 1–30, 31–60, 61–90, over 90. Balances are rebuilt ' +
          'as of the end of asOf (UTC) from payments (paidAt) and credit notes (issueDate): see AgingReport.',
        tags,
        querystring: AgingQuery,
        response: reportResponse(ref(AgingReport), 'aging', 'The aging report'),
      },
    },
    async (request, reply) => {
      const report = await agingReport(app.db, request.user.id, request.query.asOf);
      return answer(request, reply, report, agingCsv, `aging-${report.asOf}.csv`);
    },
  );

  app.get(
    '/revenue',
    {
      schema: {
        operationId: 'getRevenueReport',
        summary: 'Invoiced, credited, collected and outstanding per currency and period',
        tags,
        querystring: RevenueQuery,
        response: reportResponse(ref(RevenueReport), 'revenue', 'The revenue report'),
      },
    },
    async (request, reply) => {
      const report = await revenueReport(app.db, request.user.id, request.query);
      return answer(request, reply, report, revenueCsv, `revenue-${report.from}-${report.to}.csv`);
    },
  );

  app.get(
    '/tax',
    {
      schema: {
        operationId: 'getTaxReport',
        summary: 'Taxable amounts and tax per currency, tax category and rate (invoices less credit notes)',
        tags,
        querystring: TaxQuery,
        response: reportResponse(ref(TaxReport), 'tax', 'The tax report'),
      },
    },
    async (request, reply) => {
      const report = await taxReport(app.db, request.user.id, request.query);
      return answer(request, reply, report, taxCsv, `tax-${report.from}-${report.to}.csv`);
    },
  );
};

export default reportRoutes;
