/** The ETag of a PDF: the model holds everything it shows, the renderer version how it is drawn. */
import { createHash } from 'node:crypto';
import type { PdfDocumentModel } from './document-model.js';
import { RENDERER_VERSION } from './render-pdf.js';

export const pdfEtag = (model: PdfDocumentModel): string =>
  `"pdf.${createHash('sha256').update(RENDERER_VERSION).update(JSON.stringify(model)).digest('base64url').slice(0, 27)}"`;
