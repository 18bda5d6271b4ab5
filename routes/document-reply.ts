/**
 * A document (PDF or UBL) served under conditional GET: its ETag and `private, no-cache` on every
 * answer, 304 when If-None-Match names the ETag, else the file with its name in
 * Content-Disposition. The body is made only when it is sent, so a 304 renders nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from '@sinclair/typebox';
import { responseHeaders } from '../schemas/headers.js';
import type { PdfDocumentModel } from '../src/pdf/document-model.js';
import { pdfEtag } from '../src/pdf/pdf-etag.js';
import type { UblFile } from '../src/services/invoice-documents.js';
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

/** A UBL file to save: `attachment; filename="INV-000001.xml"`. */
export const ublDownload = (file: UblFile): DocumentFile => ({
  etag: file.etag,
  contentType: 'application/xml; charset=utf-8',
  disposition: 'attachment',
  fileName: documentFileName(file.number, 'xml'),
  body: () => file.xml,
});

/** A PDF to show, tagged by its model; `render` (the worker pool) runs only when it is sent. */
export const inlinePdf = (
  model: PdfDocumentModel,
  fileName: string,
  render: (model: PdfDocumentModel) => Promise<Buffer>,
): DocumentFile => ({
  etag: pdfEtag(model),
  contentType: 'application/pdf',
  disposition: 'inline',
  fileName,
  body: () => render(model),
});

export async function sendDocument(request: FastifyRequest, reply: FastifyReply, file: DocumentFile) {
  reply.header('etag', file.etag).header('cache-control', 'private, no-cache');
  if (ifNoneMatchHits(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  const body = await file.body();
  return reply
    .type(file.contentType)
    .header('content-disposition', `${file.disposition}; filename="${file.fileName}"`)
    .send(body);
}
