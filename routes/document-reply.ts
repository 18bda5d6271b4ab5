/**
 * A document (PDF, Factur-X, UBL or CII) served under conditional GET: its ETag and `private, no-cache` on every
 * answer, 304 when If-None-Match names the ETag, else the file with its name in
 * Content-Disposition. The body is made only when it is sent, so a 304 renders nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from '@sinclair/typebox';
import { responseHeaders } from '../schemas/headers.js';
import type { ProblemReasons } from '../schemas/problems.js';
import type { TradeDocument } from '../src/domain/e-invoice/trade-document.js';
import type { PdfDocumentModel } from '../src/pdf/document-model.js';
import { pdfEtag } from '../src/pdf/pdf-etag.js';
import type { PdfJob } from '../src/pdf/pdf-job.js';
import { type EInvoiceFile, eInvoiceFile } from '../src/services/e-invoice-files.js';
import { ifNoneMatchHits } from '../src/services/preconditions.js';

export const ConditionalHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ maxLength: 1024, description: 'ETag of a copy you hold: 304 when it is current' })),
});

/** The 200 carrying the file and the 304 of a document route. */
export const documentResponses = (description: string, contentType: string, schema: TSchema) => ({
  200: {
    description,
    headers: responseHeaders('ETag', 'Content-Disposition', 'Cache-Control'),
    content: { [contentType]: { schema } },
  },
  304: {
    description: 'Not modified: the If-None-Match ETag is current',
    headers: responseHeaders('ETag', 'Cache-Control'),
    type: 'null',
  },
});

export const PdfResponses = documentResponses('The PDF', 'application/pdf', Type.String({ format: 'binary' }));

/** A file name from the number: prefixes may hold `/`, which no file name can. */
export const documentFileName = (number: string, extension: string) => `${number.replaceAll('/', '-')}.${extension}`;

export interface DocumentFile {
  etag: string;
  contentType: string;
  /** inline: shown in the browser (PDF); attachment: saved (XML). */
  disposition: 'inline' | 'attachment';
  fileName: string;
  body: () => string | Buffer | Promise<string | Buffer>;
}

/** An e-invoice (UBL or CII) to save: `attachment; filename="INV-000001.xml"`. */
export const xmlDownload = (file: EInvoiceFile): DocumentFile => ({
  etag: file.etag,
  contentType: 'application/xml; charset=utf-8',
  disposition: 'attachment',
  fileName: documentFileName(file.number, 'xml'),
  body: () => file.xml,
});

/** A PDF to show, tagged by what it is drawn from; `render` (the worker pool) runs only when it is sent. */
export const inlinePdf = (job: PdfJob, fileName: string, render: (job: PdfJob) => Promise<Buffer>): DocumentFile => ({
  etag: pdfEtag(job),
  contentType: 'application/pdf',
  disposition: 'inline',
  fileName,
  body: () => render(job),
});

/**
 * A Factur-X PDF: `model` drawn as a PDF/A-3b carrying the EN 16931 CII of `document` (422 naming
 * what is missing before anything is rendered), named as the plain PDF is.
 */
export function facturXPdf(
  model: PdfDocumentModel,
  logo: Uint8Array | null,
  document: TradeDocument,
  version: string,
  render: (job: PdfJob) => Promise<Buffer>,
): DocumentFile {
  const cii = eInvoiceFile(document, 'cii', 'en16931', version);
  return inlinePdf({ model, facturX: cii.xml, logo }, documentFileName(document.number, 'pdf'), render);
}

/** What a Factur-X request can be refused for besides the plain PDF's refusals. */
export const facturXRefusals: ProblemReasons = {
  unprocessable: 'format=facturx: data the EN 16931 CII needs is missing (each field in errors[]), or the currency has more than two decimals',
  service_unavailable: 'Too many PDFs are being rendered, or the database is unreachable; retry later',
};

export async function sendDocument(request: FastifyRequest, reply: FastifyReply, file: DocumentFile) {
  reply.header('etag', file.etag).header('cache-control', 'private, no-cache');
  if (ifNoneMatchHits(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  const body = await file.body();
  return reply
    .type(file.contentType)
    .header('content-disposition', `${file.disposition}; filename="${file.fileName}"`)
    .send(body);
}
