/**
 * The receivables reports, as JSON or, when Accept prefers text/csv, as a CSV file. Each is computed
 * by the database in one statement over the user's own rows.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
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

interface ReportRoute<Q extends TSchema, R> {
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  querystring: Q;
  /** The report's component. */
  schema: TSchema;
  kind: ReportKind;
  compute(userId: string, query: Static<Q>): Promise<R>;
  csv(report: R): CsvTable;
  fileName(report: R): string;
}

/** A report route: the report as the request asks for it, JSON or (Accept: text/csv) the CSV file. */
function reportRoute<Q extends TSchema, R>(app: FastifyInstance, spec: ReportRoute<Q, R>) {
  app.get(
    spec.url,
    {
      schema: {
        operationId: spec.operationId,
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        tags,
        querystring: spec.querystring,
        response: reportResponse(spec.schema, spec.kind, `The ${spec.kind} report`),
      },
    },
    async (request, reply) => {
      const report = await spec.compute(request.user.id, request.query as Static<Q>);
      reply.header('vary', 'Accept');
      if (!prefersCsv(request.headers)) return reply.send(report);
      const { columns, rows } = spec.csv(report);
      return sendCsvTable(reply, spec.fileName(report), columns, rows);
    },
  );
}

const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  reportRoute(app, {
    url: '/aging',
    operationId: 'getAgingReport',
    summary: 'Who owes you what, and how late, per currency and client',
    description:
      'Buckets by days past dueDate at asOf: current (not yet late), 1–30, 31–60, 61–90, over 90. Balances are rebuilt ' +
      'as of the end of asOf (UTC) from payments (paidAt) and credit notes (issueDate): see AgingReport.',
    querystring: AgingQuery,
    schema: ref(AgingReport),
    kind: 'aging',
    compute: (userId, query) => agingReport(app.db, userId, query.asOf),
    csv: agingCsv,
    fileName: (report) => `aging-${report.asOf}.csv`,
  });

  reportRoute(app, {
    url: '/revenue',
    operationId: 'getRevenueReport',
    summary: 'Invoiced, credited, collected and outstanding per currency and period',
    querystring: RevenueQuery,
    schema: ref(RevenueReport),
    kind: 'revenue',
    compute: (userId, query) => revenueReport(app.db, userId, query),
    csv: revenueCsv,
    fileName: (report) => `revenue-${report.from}-${report.to}.csv`,
  });

  reportRoute(app, {
    url: '/tax',
    operationId: 'getTaxReport',
    summary: 'Taxable amounts and tax per currency, tax category and rate (invoices less credit notes)',
    querystring: TaxQuery,
    schema: ref(TaxReport),
    kind: 'tax',
    compute: (userId, query) => taxReport(app.db, userId, query),
    csv: taxCsv,
    fileName: (report) => `tax-${report.from}-${report.to}.csv`,
  });
};

export default reportRoutes;
